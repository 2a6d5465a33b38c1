namespace Testbed.BuildKit;

/// <summary>A typed, absolute path with NUKE's <c>/</c> operator: <c>RootDirectory / "results"</c>.</summary>
public sealed record AbsolutePath
{
    private AbsolutePath(string path) => Value = path;

    public string Value { get; }

    public static AbsolutePath From(string path) => new(Path.GetFullPath(path));

    public static AbsolutePath operator /(AbsolutePath left, string right) => new(Path.GetFullPath(Path.Combine(left.Value, right)));

    public static implicit operator string(AbsolutePath path) => path.Value;

    public string Name => Path.GetFileName(Value);

    public AbsolutePath Parent => new(Path.GetDirectoryName(Value) ?? Value);

    public bool Exists() => File.Exists(Value) || Directory.Exists(Value);

    public AbsolutePath CreateDirectory()
    {
        Directory.CreateDirectory(Value);
        return this;
    }

    public override string ToString() => Value;
}
