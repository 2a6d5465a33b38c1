using Testbed.Orchestration.Docker;
using Testbed.Orchestration.Processes;

namespace Testbed.Orchestration.Tests.Cleanup;

/// <summary>
/// Removal by label when others remove too. Every node's sweep runs at once, and the manager's
/// removes the services whose tasks another node's sweep has just listed: once a cluster test
/// failed on "No such container" from that race. Two clean-ups of the same label at once play it.
/// </summary>
[Trait("Tier", "Integration")]
public sealed class LabelledRemovalTests
{
    [Fact]
    public async Task Two_clean_ups_of_one_label_at_once_both_end_well_remove_each_container_once_and_leave_none()
    {
        var environment = IntegrationEnvironment.Require();
        var label = $"{Labels.Run}=tbn-race-{Guid.NewGuid():N}";
        using var engine = new DockerEngine();
        try
        {
            for (var i = 0; i < 8; i++)
                await ProcessRunner.RunAsync("docker", ["create", "--label", label, environment.Image, "true"], TimeSpan.FromSeconds(60));

            var both = await Task.WhenAll(engine.RemoveLabelledAsync(label), engine.RemoveLabelledAsync(label));

            Assert.Equal(8, both.Sum(removed => removed.Containers));
            Assert.Empty(await engine.ContainersLabelledAsync(label, CancellationToken.None));
        }
        finally
        {
            await engine.RemoveLabelledAsync(label);
        }
    }
}
