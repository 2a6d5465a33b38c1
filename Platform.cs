// Testbed drives Linux kernel features (chroot, overlayfs, cgroups, /proc) and runs on Linux only.
// Compiled into every project (Directory.Build.props), so platform analysis agrees everywhere.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
