namespace Testbed.Orchestration.Cluster;

/// <summary>What preparing one node did, for the timings and the manifest.</summary>
public sealed record NodePreparation(
    string Node, string EngineVersion, bool EngineInstalled, bool RootfsCopied, bool TrainerCopied, bool ImageLoaded, double Seconds);
