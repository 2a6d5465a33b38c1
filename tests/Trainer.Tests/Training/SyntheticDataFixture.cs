using Testbed.Trainer.Data;

namespace Testbed.Trainer.Tests.Training;

/// <summary>One small synthetic IDX dataset per test class: tests never depend on the host's datasets.</summary>
public sealed class SyntheticDataFixture : IDisposable
{
    public SyntheticDataFixture()
    {
        Root = Directory.CreateTempSubdirectory("trainer-tests-").FullName;
        DataDirectory = Path.Combine(Root, "data");
        SyntheticDataset.Write(DataDirectory, trainCount: 640, testCount: 100, seed: 5);
    }

    public string Root { get; }
    public string DataDirectory { get; }

    public string NewFolder(string name) => Directory.CreateDirectory(Path.Combine(Root, name + "-" + Guid.NewGuid().ToString("N")[..8])).FullName;

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
