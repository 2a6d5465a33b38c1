namespace Testbed.Orchestration;
internal static class AssemblyMarker;
