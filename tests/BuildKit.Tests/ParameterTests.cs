namespace Testbed.BuildKit.Tests;

[Trait("Tier", "Unit")]
public sealed class ParameterTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("buildkit-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private DiamondBuild Bind(string? json, Dictionary<string, string?>? environment, params string[] args)
    {
        var build = new DiamondBuild();
        var parameters = Parameter.Discover(build);
        var file = Path.Combine(_directory, "parameters.json");
        if (json is not null) File.WriteAllText(file, json);
        var commandLine = CommandLine.Parse(args, parameters);
        ParameterBinder.Bind(build, parameters, json is null ? null : file, environment ?? [], commandLine.ParameterArguments);
        return build;
    }

    [Fact]
    public void Without_sources_the_field_initialisers_are_the_defaults()
    {
        var build = Bind(null, null);
        Assert.Equal(5, build.Repetitions);
        Assert.Equal("default", build.CacheDir);
    }

    [Fact]
    public void Command_line_beats_environment_which_beats_the_parameters_file()
    {
        const string json = """{ "Repetitions": 1, "CacheDir": "from-file", "Flavour": "fancy" }""";
        var environment = new Dictionary<string, string?> { ["TESTBED_REPETITIONS"] = "2", ["TESTBED_CACHE_DIR"] = "from-env" };

        var fileOnly = Bind(json, null);
        Assert.Equal((1, "from-file", Flavour.Fancy), (fileOnly.Repetitions, fileOnly.CacheDir, fileOnly.Flavour));

        var withEnvironment = Bind(json, environment);
        Assert.Equal((2, "from-env"), (withEnvironment.Repetitions, withEnvironment.CacheDir));

        var withCommandLine = Bind(json, environment, "--repetitions", "3", "--cache-dir=from-cli");
        Assert.Equal((3, "from-cli", Flavour.Fancy), (withCommandLine.Repetitions, withCommandLine.CacheDir, withCommandLine.Flavour));
    }

    [Fact]
    public void A_bare_switch_means_true_and_lists_split_on_commas()
    {
        var build = Bind("""{ "Flavours": ["fancy", "plain"] }""", null, "--all");
        Assert.True(build.All);
        Assert.Equal([Flavour.Fancy, Flavour.Plain], build.Flavours);
        Assert.Equal([Flavour.Plain, Flavour.Fancy], Bind(null, null, "--flavours", "plain,fancy").Flavours);
    }

    [Fact]
    public void A_bad_value_names_the_parameter_its_source_and_what_was_expected()
    {
        var error = Assert.Throws<UsageException>(() => Bind(null, new() { ["TESTBED_REPETITIONS"] = "many" }));
        Assert.Contains("'many'", error.Message);
        Assert.Contains("TESTBED_REPETITIONS", error.Message);
        Assert.Contains("whole number", error.Message);

        var enumError = Assert.Throws<UsageException>(() => Bind(null, null, "--flavour", "spicy"));
        Assert.Contains("one of plain, fancy", enumError.Message);
    }

    [Fact]
    public void Unknown_parameters_are_rejected_with_the_valid_ones_listed()
    {
        var error = Assert.Throws<UsageException>(() => Bind(null, null, "--repetitons", "3"));
        Assert.Contains("'--repetitons'", error.Message);
        Assert.Contains("--repetitions", error.Message);

        var fileError = Assert.Throws<UsageException>(() => Bind("""{ "Repetitons": 3 }""", null));
        Assert.Contains("\"Repetitons\"", fileError.Message);
        Assert.Contains("parameters.json", fileError.Message);
    }

    [Fact]
    public void A_parameter_without_its_value_is_rejected()
    {
        var error = Assert.Throws<UsageException>(() => Bind(null, null, "--repetitions"));
        Assert.Contains("--repetitions needs a value", error.Message);
    }

    [Fact]
    public void Invalid_json_in_the_parameters_file_is_reported_with_its_path()
    {
        var error = Assert.Throws<UsageException>(() => Bind("{ \"Repetitions\": ", null));
        Assert.Contains("parameters.json is not valid JSON", error.Message);
    }

    [Fact]
    public void Names_convert_between_member_command_line_and_environment_forms()
    {
        var cacheDir = Parameter.Discover(new DiamondBuild()).Single(p => p.Name == "CacheDir");
        Assert.Equal("--cache-dir", cacheDir.CommandLineName);
        Assert.Equal("TESTBED_CACHE_DIR", cacheDir.EnvironmentName);
    }
}
