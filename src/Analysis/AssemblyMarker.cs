namespace Testbed.Analysis;

/// <summary>Placeholder until the analysis library lands.</summary>
internal static class AssemblyMarker;
