namespace Testbed.Analysis.Summary;

/// <summary>
/// The thesis's own per-node table for the single workload (docs/thesis.md, "Its results"): 12 epochs,
/// "seconds/ms per step" for bare metal nodes 1-3 then container nodes 1-3, 5 runs averaged.
/// Shown as printed, beside ours, so a reader can compare the shape (epoch 1 cost, spread).
/// </summary>
public static class ThesisEpochTable
{
    public const string Scenario = "thesis-single";

    public static IReadOnlyList<string[]> Rows { get; } =
    [
        ["1", "12/152", "13/163", "12/152", "18/211", "18/219", "18/211"],
        ["2", "15/208", "14/202", "15/209", "15/214", "15/208", "15/215"],
        ["3", "11/155", "11/150", "11/155", "15/213", "14/207", "15/214"],
        ["4", "10/148", "11/159", "10/148", "15/214", "16/222", "15/213"],
        ["5", "10/144", "10/139", "10/143", "16/232", "16/224", "16/232"],
        ["6", "12/170", "11/164", "12/170", "15/215", "16/223", "15/214"],
        ["7", "10/143", "11/155", "10/143", "15/217", "15/210", "15/217"],
        ["8", "15/216", "15/211", "15/217", "16/225", "16/233", "16/224"],
        ["9", "17/245", "17/250", "17/245", "15/216", "15/209", "15/216"],
        ["10", "10/143", "10/139", "10/143", "15/215", "16/224", "15/215"],
        ["11", "12/167", "11/163", "12/167", "14/207", "14/200", "14/206"],
        ["12", "14/198", "14/205", "14/198", "15/213", "15/221", "15/212"],
    ];
}
