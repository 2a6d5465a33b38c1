namespace Testbed.Orchestration.Rootfs;

/// <summary>A host folder made visible inside a chroot session, at <see cref="Target"/> (absolute, inside the root).</summary>
public sealed record BindMount(string Source, string Target, bool ReadOnly = false)
{
    /// <summary>The same path inside as outside, so absolute paths in build outputs keep working.</summary>
    public static BindMount Same(string path, bool readOnly = false) => new(path, path, readOnly);
}
