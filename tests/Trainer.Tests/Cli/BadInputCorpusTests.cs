using Testbed.Trainer.Bench;
using Testbed.Trainer.Tests.Checkpoints;
using Testbed.Trainer.Tests.Training;

namespace Testbed.Trainer.Tests.Cli;

/// <summary>
/// The trainer's share of the bad-input corpus (tests/Trainer.Tests/BadInputs, described in its
/// README): each case runs the trainer as a separate process, as the orchestration does, and
/// must end with exit code 2, a message naming the input and saying what is wrong, no stack
/// trace, and nothing written (the --out folder is never created).
/// </summary>
public sealed class BadInputCorpusTests(BadInputCorpusTests.Fixture fixture) : IClassFixture<BadInputCorpusTests.Fixture>
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);

    /// <summary>A case: the arguments, the text that names the input, and what the message must say about it.</summary>
    /// <remarks>Placeholders: {corpus} the BadInputs folder, {data} a valid dataset, {out} a folder that must stay absent,
    /// {token} a valid token file, {peers} two free loopback addresses, {flipped}/{cut} checkpoints made at test time.</remarks>
    private sealed record Case(string[] Arguments, string Names, string Says);

    private static readonly Dictionary<string, Case> Cases = new()
    {
        // IDX files: the training images (or labels) of a --data folder.
        ["idx/wrong-magic"] = Idx("wrong-magic", "train-images-idx3-ubyte", "wrong magic number 0x00000801; expected 0x00000803"),
        ["idx/images-not-28x28"] = Idx("images-not-28x28", "train-images-idx3-ubyte", "items of 32x32 (header: 2x32x32); expected 28x28"),
        ["idx/truncated"] = Idx("truncated", "train-images-idx3-ubyte",
            "truncated: the header announces 2x28x28 = 1568 bytes of data but the file holds only 984"),
        ["idx/extra-bytes"] = Idx("extra-bytes", "train-images-idx3-ubyte", "extra bytes after the 1568 bytes"),
        ["idx/empty"] = Idx("empty", "train-images-idx3-ubyte", "truncated: 0 byte(s) where a 4-byte IDX magic number was expected"),
        ["idx/zero-count"] = Idx("zero-count", "train-images-idx3-ubyte", "dimension 1 is 0; expected a positive size"),
        ["idx/huge-count"] = Idx("huge-count", "train-images-idx3-ubyte", "2000000x28x28 = 1568000000 bytes of data but the file holds only 0"),
        ["idx/count-beyond-any-array"] = Idx("count-beyond-any-array", "train-images-idx3-ubyte", "the header announces 2147483647x28x28 items, more than"),
        ["idx/overflowing-header"] = Idx("overflowing-header", "train-images-idx3-ubyte",
            "items of 1073741824x16 (header: 1073741824x1073741824x16); expected 28x28"),
        ["idx/huge-count-gz"] = Idx("huge-count-gz", "train-images-idx3-ubyte.gz", "a gzip file of 33 bytes decompresses to at most 34056"),
        ["idx/cut-gz"] = Idx("cut-gz", "train-images-idx3-ubyte.gz", "announces 50x28x28 = 39200 bytes of data but the file decompresses to only"),
        ["idx/not-deflate-gz"] = Idx("not-deflate-gz", "train-images-idx3-ubyte.gz", "the gzip stream is corrupt or cut short"),
        ["idx/label-out-of-range"] = Idx("label-out-of-range", "train-labels-idx1-ubyte", "label 10 at index 1; expected 0..9"),
        ["idx/labels-fewer-than-images"] = Idx("labels-fewer-than-images", "train-images-idx3-ubyte",
            "holds 2 images but {corpus}/idx/labels-fewer-than-images/train-labels-idx1-ubyte holds 1 labels; expected the same count"),
        ["idx/labels-wrong-magic"] = Idx("labels-wrong-magic", "train-labels-idx1-ubyte", "wrong magic number 0x00000803; expected 0x00000801"),

        // Checkpoints: given to evaluate, --resume or --init-from.
        ["checkpoint/empty"] = Checkpoint("empty", "truncated: 0 byte(s) where the 8-byte TBCKPT01 signature was expected"),
        ["checkpoint/wrong-magic"] = Checkpoint("wrong-magic", "not a testbed checkpoint: starts with 504B030414000000"),
        ["checkpoint/other-version"] = Checkpoint("other-version", "checkpoint format version 02; this trainer reads version 01"),
        ["checkpoint/negative-header-length"] = Checkpoint("negative-header-length", "header length -1; expected 2..1048576"),
        ["checkpoint/huge-header-length"] = Checkpoint("huge-header-length", "header length 2147483647; expected 2..1048576"),
        ["checkpoint/header-cut"] = Checkpoint("header-cut", "truncated: header length 549 but only 40 byte(s) follow"),
        ["checkpoint/header-not-json"] = Checkpoint("header-not-json", "the header is not valid JSON"),
        ["checkpoint/header-not-an-object"] = Checkpoint("header-not-an-object", "the header is not a JSON object"),
        ["checkpoint/negative-weight-count"] = Checkpoint("negative-weight-count", "'weightCount' is -5; expected 2770634"),
        ["checkpoint/huge-weight-count"] = Checkpoint("huge-weight-count", "'weightCount' is 1000000000; expected 2770634"),
        ["checkpoint/huge-optimizer-state-count"] = Checkpoint("huge-optimizer-state-count", "'optimizerStateCount' is 2000000000; expected 0"),
        ["checkpoint/missing-weights-hash"] = Checkpoint("missing-weights-hash", "the header has no 'weightsHash'"),
        ["checkpoint/edited-settings"] = Checkpoint("edited-settings", "do not match its configHash", flag: "--resume"),
        ["checkpoint/weights-missing"] = Checkpoint("weights-missing", "truncated: 0 bytes of weights and optimizer state where 2770634 + 0 floats",
            flag: "--init-from"),
        ["checkpoint/flipped-bit (made at test time)"] = new(
            ["train", "--data", "{data}", "--out", "{out}", "--threads", "1", "--resume", "{flipped}"], "--resume {flipped}",
                "not to the header's weightsHash"),
        ["checkpoint/cut-in-weights (made at test time)"] = new(
            ["evaluate", "--checkpoint", "{cut}", "--data", "{data}", "--threads", "1"], "--checkpoint {cut}", "truncated: 11081536 bytes of weights"),

        // Job tokens.
        ["token/missing"] = Token("{corpus}/tokens/no-such-token", "file not found"),
        ["token/empty"] = Token("{corpus}/tokens/empty", "holds 0 byte(s); expected a secret of at least 16 bytes"),
        ["token/too-short"] = Token("{corpus}/tokens/too-short", "holds 9 byte(s); expected a secret of at least 16 bytes"),
        ["token/newlines-only"] = Token("{corpus}/tokens/newlines-only", "holds 0 byte(s)"),
        ["token/too-long"] = Token("{corpus}/tokens/too-long", "holds more than 4096 bytes"),

        // Flags (every flag can also come from TESTBED_*; the parser names either).
        ["flag/--epochs 0"] = Flag("--epochs", "0", "expected a positive integer"),
        ["flag/--batch -8"] = Flag("--batch", "-8", "expected a positive integer"),
        ["flag/--steps many"] = Flag("--steps", "many", "expected an integer", names: "--steps 'many'"),
        ["flag/--batch beyond the training set"] = Flag("--batch", "1000", "= 1000 samples per step; expected at most the 640 of the training set",
            names: "--batch 1000 x 1 worker(s)"),
        ["flag/--lr 0"] = Flag("--lr", "0", "expected a positive, finite learning rate"),
        ["flag/--lr Infinity"] = Flag("--lr", "Infinity", "expected a positive, finite learning rate"),
        ["flag/--momentum 1"] = Flag("--momentum", "1", "expected 0 <= momentum < 1"),
        ["flag/--threads 0"] = Flag("--threads", "0", "expected a positive integer"),
        ["flag/--timeout 0"] = Flag("--timeout", "0", "expected a positive number of seconds"),
        ["flag/--timeout NaN"] = Flag("--timeout", "NaN", "expected a positive number of seconds"),
        ["flag/--timeout 1e300"] = Flag("--timeout", "1e300", "at most 86400", names: "--timeout 1E+300"),
        ["flag/--keep-checkpoints -1"] = Flag("--keep-checkpoints", "-1", "expected 0 (keep all) or a positive count"),
        ["flag/--overlap maybe"] = Flag("--overlap", "maybe", "Required argument missing for option: '--overlap'",
            names: "Unrecognized command or argument 'maybe'"),
        ["flag/--overlap without a value"] = new(
            ["train", "--data", "{data}", "--out", "{out}", "--overlap"], "Required argument missing for option: '--overlap'",
                "See `testbed-trainer <command> --help`"),
        ["flag/--peers without a port"] = Flag("--peers", "127.0.0.1:29500,worker-b", "expected host:port", names: "--peers 'worker-b'", rank: "0"),
        ["flag/--rank beyond --peers"] = Flag("--peers", "127.0.0.1:29500,127.0.0.1:29501", "expected 0..1", names: "--rank 5", rank: "5"),
        ["flag/--port 70000"] = Flag("--port", "70000", "expected 1..65535", peers: true),
        ["flag/--listen not an address"] = Flag("--listen", "every-interface", "expected an IP address of this host", names: "--listen 'every-interface'",
            peers: true),
        ["flag/--job-id too long"] = Flag("--job-id", new string('j', 300), "300 bytes; expected at most 256", names: "--job-id", peers: true),
        ["flag/--world without peers"] = Flag("--world", "3", "without --peers or --discover", names: "--world 3"),
        ["flag/--discover without --world"] = Flag("--discover", "tasks.worker:29500", "--discover needs --world", names: "--discover"),
        ["flag/synth-data --output under a file"] = new(
            ["synth-data", "--output", "{corpus}/tokens/empty/data"], "--output {corpus}/tokens/empty/data", "cannot write there"),
        ["flag/--resume and --init-from"] = new(
            ["train", "--data", "{data}", "--out", "{out}", "--resume", "{flipped}", "--init-from", "{cut}"], "--init-from {cut} and --resume",
                "expected one starting point"),
    };

    public static TheoryData<string> Names => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public void A_bad_input_exits_with_2_naming_it_without_a_stack_trace_and_writes_nothing(string name)
    {
        var bad = Cases[name];
        var output = Path.Combine(fixture.NewFolder("corpus"), "out");
        string Fill(string text) => text
            .Replace("{corpus}", Fixture.Corpus).Replace("{data}", fixture.DataDirectory).Replace("{out}", output)
            .Replace("{token}", fixture.TokenFile).Replace("{peers}", fixture.Peers)
            .Replace("{flipped}", fixture.FlippedBit).Replace("{cut}", fixture.CutInWeights);

        using var process = new TrainerProcess([.. bad.Arguments.Select(Fill)]);

        var exitCode = process.WaitForExit(Limit);
        var error = process.Error;
        Assert.True(exitCode == 2, $"exit code {exitCode}; stderr: {error}");
        Assert.True(error.Contains($"error: {Fill(bad.Names)}", StringComparison.Ordinal), $"the message does not name the input ({Fill(bad.Names)}): {error}");
        Assert.True(error.Contains(Fill(bad.Says), StringComparison.Ordinal), $"the message does not say '{Fill(bad.Says)}': {error}");
        Assert.False(error.Contains("   at ", StringComparison.Ordinal), $"a stack trace: {error}");
        Assert.False(Directory.Exists(output), $"{output} was created");
    }

    [Fact]
    public void The_corpus_has_at_least_20_cases_and_every_file_in_it_is_used()
    {
        string[] files = [.. Directory.GetFiles(Fixture.Corpus, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) != "README.md")
            .Select(f => Path.GetRelativePath(Fixture.Corpus, f))];
        var everyArgument = string.Join('\n', Cases.Values.SelectMany(c => c.Arguments.Append(c.Names)));

        Assert.True(Cases.Count >= 20, $"{Cases.Count} cases");
        Assert.All(files, file => Assert.True(
            everyArgument.Contains("{corpus}/" + file) || everyArgument.Contains("{corpus}/" + Path.GetDirectoryName(file)),
            $"{file} is in the corpus but no case uses it"));
    }

    private static Case Idx(string folder, string file, string says) =>
        new(["train", "--data", $"{{corpus}}/idx/{folder}", "--out", "{out}", "--threads", "1"], $"{{corpus}}/idx/{folder}/{file}", says);

    private static Case Checkpoint(string name, string says, string flag = "--checkpoint")
    {
        var path = $"{{corpus}}/checkpoints/{name}.tbckpt";
        string[] arguments = flag == "--checkpoint"
            ? ["evaluate", "--checkpoint", path, "--data", "{data}", "--threads", "1"]
            : ["train", "--data", "{data}", "--out", "{out}", "--threads", "1", "--epochs", "2", "--steps", "1", "--batch", "8", flag, path];
        return new(arguments, $"{flag} {path}", says);
    }

    private static Case Token(string path, string says) =>
        new(["train", "--data", "{data}", "--out", "{out}", "--threads", "1", "--peers", "{peers}", "--rank", "0", "--token-file", path],
            $"--token-file {path}", says);

    private static Case Flag(string flag, string value, string says, string? names = null, string? rank = null, bool peers = false)
    {
        string[] ring = peers ? ["--peers", "{peers}", "--rank", "0"] : rank is null ? [] : ["--rank", rank];
        return new(["train", "--data", "{data}", "--out", "{out}", "--token-file", "{token}", .. ring, flag, value], names ?? $"{flag} {value}", says);
    }

    /// <summary>A valid dataset and token, free ports, and the two checkpoints too large to keep as files (11 MB each).</summary>
    public sealed class Fixture : IDisposable
    {
        private readonly SyntheticDataFixture _data = new();

        public Fixture()
        {
            TokenFile = Path.Combine(_data.NewFolder("token"), "token");
            File.WriteAllText(TokenFile, "a-job-token-for-the-corpus-tests");
            Peers = string.Join(',', SelfProcess.FreePorts(2).Select(p => $"127.0.0.1:{p}"));
            FlippedBit = CheckpointBytes.WriteValid(_data.NewFolder("flipped"));
            CheckpointBytes.FlipAWeightBit(FlippedBit);
            CutInWeights = CheckpointBytes.WriteValid(_data.NewFolder("cut"));
            var bytes = File.ReadAllBytes(CutInWeights);
            File.WriteAllBytes(CutInWeights, bytes[..^1000]);
        }

        public static string Corpus { get; } = Path.Combine(AppContext.BaseDirectory, "BadInputs");

        public string DataDirectory => _data.DataDirectory;
        public string TokenFile { get; }
        public string Peers { get; }
        public string FlippedBit { get; }
        public string CutInWeights { get; }

        public string NewFolder(string name) => _data.NewFolder(name);

        public void Dispose() => _data.Dispose();
    }
}
