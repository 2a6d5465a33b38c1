using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Testbed.Records.Checkpoints;
using Testbed.Trainer.Model;

namespace Testbed.Trainer.Checkpoints;

/// <summary>
/// Reads one checkpoint (<see cref="CheckpointFile"/> has the layout) as untrusted input: the
/// file may be cut, damaged or edited. Sizes come from the model and are compared with what
/// the file holds before any buffer is allocated; every message starts with
/// <paramref name="source"/> ("--resume path") and says what was expected.
/// </summary>
internal sealed class CheckpointReader(Stream stream, string source)
{
    /// <summary>A real header is a few KB (names, shapes, settings, 5 KB of RNG state); anything far larger is not one.</summary>
    public const int MaxHeaderBytes = 1 << 20;

    private const int PreambleBytes = CheckpointFormat.PreambleBytes;

    public TrainingState Read()
    {
        var fileLength = stream.Length;
        Span<byte> preamble = stackalloc byte[PreambleBytes];
        var got = stream.ReadAtLeast(preamble, PreambleBytes, throwOnEndOfStream: false);
        CheckSignature(preamble[..Math.Min(got, CheckpointFormat.Magic.Length)]);
        if (got < PreambleBytes)
        {
            throw Damaged($"truncated: {got} byte(s) where the {PreambleBytes}-byte signature and header length were expected");
        }

        var headerLength = BitConverter.ToInt32(preamble[8..]);
        var available = fileLength - PreambleBytes;
        if (headerLength < 2 || headerLength > MaxHeaderBytes)
        {
            throw Damaged($"header length {headerLength}; expected 2..{MaxHeaderBytes} bytes of JSON");
        }

        if (headerLength > available)
        {
            throw Damaged($"truncated: header length {headerLength} but only {available} byte(s) follow");
        }

        var headerBytes = new byte[headerLength];
        stream.ReadExactly(headerBytes);
        try
        {
            return Read(ParseHeader(headerBytes), available - headerLength);
        }
        catch (ArgumentException e)
        {
            // JsonObject refuses a duplicate property name only when the object is first used.
            throw Damaged($"the header is not a valid JSON object ({e.Message})");
        }
    }

    private TrainingState Read(JsonObject header, long remaining)
    {

        var epoch = Int(header, CheckpointHeader.EpochField, 1, int.MaxValue, "a finished epoch, 1 or more");
        var config = Config(header);
        var configHash = String(header, CheckpointHeader.ConfigHashField);
        if (ConfigHash.Of(config) != configHash)
        {
            throw Damaged($"the settings in the header do not match its configHash {configHash} (they " +
                $"hash to {ConfigHash.Of(config)}): the header was edited or damaged");
        }

        var parameters = Parameters(header);
        var weightCount = Int(header, CheckpointHeader.WeightCountField, ThesisCnn.ParameterCount, ThesisCnn.ParameterCount,
            $"{ThesisCnn.ParameterCount}, the thesis CNN's parameter count");
        var shapedCount = parameters.Sum(p => p.Shape.Aggregate(1L, (product, d) => product * d));
        if (shapedCount != weightCount)
        {
            throw Damaged($"the parameter shapes add up to {shapedCount} weights but 'weightCount' is {weightCount}; expected them to agree");
        }

        var stateCount = Int(header, CheckpointHeader.OptimizerStateCountField, 0, weightCount, $"0 (no momentum) or {weightCount} (one velocity per weight)");
        if (stateCount != 0 && stateCount != weightCount)
        {
            throw Damaged($"'optimizerStateCount' is {stateCount}; expected 0 (no momentum) or {weightCount} (one velocity per weight)");
        }

        var rngState = Base64(header, CheckpointHeader.RngStateField);
        var weightsHash = String(header, CheckpointHeader.WeightsHashField);

        var expectedBytes = (weightCount + (long)stateCount) * sizeof(float);
        if (remaining != expectedBytes)
        {
            throw Damaged(remaining < expectedBytes
                ? $"truncated: {remaining} bytes of weights and optimizer state where {weightCount} + {stateCount} floats = {expectedBytes} bytes were expected"
                : $"{remaining - expectedBytes} extra bytes after the {expectedBytes} bytes of weights and optimizer state the header announces");
        }

        var weights = Floats(weightCount);
        var optimizerState = Floats(stateCount);
        var actualHash = WeightsHash.Of(weights);
        if (actualHash != weightsHash)
        {
            throw Damaged($"the weights it holds hash to {actualHash}, not to the header's " +
                $"weightsHash {weightsHash}: the file was damaged or altered after it was written");
        }

        return new TrainingState(epoch, configHash, config, parameters, weights, optimizerState, rngState, weightsHash);
    }

    private void CheckSignature(ReadOnlySpan<byte> signature)
    {
        var magic = CheckpointFormat.Magic;
        if (signature.SequenceEqual(magic))
        {
            return;
        }

        if (signature.Length == magic.Length && signature.StartsWith(magic[..6]))
        {
            throw Damaged($"checkpoint format version {Encoding.ASCII.GetString(signature[6..])}; this trainer " +
                $"reads version {Encoding.ASCII.GetString(magic[6..])} ({Encoding.ASCII.GetString(magic)})");
        }

        throw Damaged(signature.Length < magic.Length && magic.StartsWith(signature)
            ? $"truncated: {signature.Length} byte(s) where the {magic.Length}-byte {Encoding.ASCII.GetString(magic)} signature was expected"
            : $"not a testbed checkpoint: starts with {Convert.ToHexString(signature)} where the {Encoding.ASCII.GetString(magic)} signature was expected");
    }

    private JsonObject ParseHeader(byte[] bytes)
    {
        try
        {
            return JsonNode.Parse(bytes) as JsonObject ?? throw Damaged("the header is not a JSON object");
        }
        catch (JsonException e)
        {
            throw Damaged($"the header is not valid JSON ({e.Message})");
        }
    }

    private JsonNode Field(JsonObject header, string name) => header[name] ?? throw Damaged($"the header has no '{name}'");

    private int Int(JsonObject header, string name, long min, long max, string expected)
    {
        var node = Field(header, name);
        if (node is not JsonValue value || !value.TryGetValue(out long number))
        {
            throw Damaged($"'{name}' is {node.ToJsonString()}; expected {expected}");
        }

        if (number < min || number > max)
        {
            throw Damaged($"'{name}' is {number}; expected {expected}");
        }

        return (int)number;
    }

    private string String(JsonObject header, string name) =>
        Field(header, name) is JsonValue value && value.GetValueKind() == JsonValueKind.String
            ? value.GetValue<string>()
            : throw Damaged($"'{name}' is {Field(header, name).ToJsonString()}; expected a string");

    private byte[] Base64(JsonObject header, string name)
    {
        var text = String(header, name);
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            throw Damaged($"'{name}' is not base64; expected the torch RNG state the trainer wrote");
        }
    }

    private SortedDictionary<string, string> Config(JsonObject header)
    {
        if (Field(header, CheckpointHeader.ConfigField) is not JsonObject config)
        {
            throw Damaged("'config' is not an object; expected the run's settings as strings");
        }

        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in config)
        {
            if (value is not JsonValue text || text.GetValueKind() != JsonValueKind.String)
            {
                throw Damaged($"setting '{key}' is {value?.ToJsonString() ?? "null"}; expected a string");
            }

            result[key] = text.GetValue<string>();
        }

        return result;
    }

    private List<(string Name, long[] Shape)> Parameters(JsonObject header)
    {
        if (Field(header, CheckpointHeader.ParametersField) is not JsonArray array)
        {
            throw Damaged("'parameters' is not an array; expected the model's parameter names and shapes");
        }

        var result = new List<(string, long[])>();
        foreach (var item in array)
        {
            if (item is not JsonObject parameter
                || parameter["name"] is not JsonValue name || name.GetValueKind() != JsonValueKind.String
                || parameter["shape"] is not JsonArray shape
                || shape.Count is 0 or > 8
                || shape.Any(d => d is not JsonValue v || !v.TryGetValue(out long n) || n is < 1 or > int.MaxValue))
            {
                throw Damaged($"parameter {result.Count + 1} is {item?.ToJsonString() ?? "null"}; expected {{\"name\": ..., \"shape\": [positive sizes]}}");
            }

            result.Add((name.GetValue<string>(), [.. shape.Select(d => d!.GetValue<long>())]));
        }

        return result;
    }

    private float[] Floats(int count)
    {
        var values = new float[count];
        stream.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()));
        return values;
    }

    private InputException Damaged(string problem) => new($"{source}: {problem}.");
}
