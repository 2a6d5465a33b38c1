namespace Testbed.BuildKit;

/// <summary>
/// A build target, declared as a property exactly as in NUKE:
/// <c>Target Compile => _ => _.Description("...").DependsOn(Restore).Executes(...)</c>.
/// </summary>
public delegate ITargetDefinition Target(ITargetDefinition definition);
