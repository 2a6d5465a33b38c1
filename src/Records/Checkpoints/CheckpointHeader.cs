using System.Text.Json.Nodes;

namespace Testbed.Records.Checkpoints;

/// <summary>
/// The checkpoint header's fields (<see cref="CheckpointFormat"/> has the file around it). The
/// trainer's strict reader and the orchestration's check look fields up by these names.
/// </summary>
public sealed record CheckpointHeader(
    int Epoch,
    string ConfigHash,
    IReadOnlyDictionary<string, string> Config,
    IReadOnlyList<(string Name, long[] Shape)> Parameters,
    int WeightCount,
    int OptimizerStateCount,
    byte[] RngState,
    string WeightsHash)
{
    public const string EpochField = "epoch";
    public const string ConfigHashField = "configHash";
    public const string ConfigField = "config";
    public const string ParametersField = "parameters";
    public const string WeightCountField = "weightCount";
    public const string OptimizerStateCountField = "optimizerStateCount";
    public const string RngStateField = "rngState";
    public const string WeightsHashField = "weightsHash";

    public JsonObject ToJson() => new()
    {
        [EpochField] = Epoch,
        [ConfigHashField] = ConfigHash,
        [ConfigField] = new JsonObject(Config.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))),
        [ParametersField] = new JsonArray([.. Parameters.Select(p => (JsonNode)new JsonObject
        {
            ["name"] = p.Name,
            ["shape"] = new JsonArray([.. p.Shape.Select(d => (JsonNode)d)]),
        })]),
        [WeightCountField] = WeightCount,
        [OptimizerStateCountField] = OptimizerStateCount,
        [RngStateField] = Convert.ToBase64String(RngState),
        [WeightsHashField] = WeightsHash,
    };
}
