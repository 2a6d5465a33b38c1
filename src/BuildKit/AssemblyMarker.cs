namespace Testbed.BuildKit;
internal static class AssemblyMarker;
