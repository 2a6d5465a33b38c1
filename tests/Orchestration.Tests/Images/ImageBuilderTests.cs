using Testbed.Orchestration.Images;

namespace Testbed.Orchestration.Tests.Images;

[Trait("Tier", "Unit")]
public sealed class ImageBuilderTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("publish-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("testbed-trainer", true)]
    [InlineData("testbed-trainer.dll", true)]
    [InlineData("Testbed.Orchestration.dll", true)]
    [InlineData("TorchSharp.dll", false)]
    [InlineData("libtorch_cpu.so", false)]
    [InlineData("System.Private.CoreLib.dll", false)]
    public void Only_the_trainer_s_own_files_go_to_the_application_layer(string file, bool application)
    {
        Assert.Equal(application, ImageBuilder.IsApplicationFile(Path.Combine(_directory, file)));
    }

    [Fact]
    public void The_content_hash_changes_with_a_file_s_content_or_name_only()
    {
        var file = Path.Combine(_directory, "a.dll");
        File.WriteAllText(file, "one");
        var first = ContentHash.Of(_directory, [file]);
        Assert.Equal(first, ContentHash.Of(_directory, [file]));

        File.WriteAllText(file, "two");
        var changed = ContentHash.Of(_directory, [file]);
        Assert.NotEqual(first, changed);

        var renamed = Path.Combine(_directory, "b.dll");
        File.Move(file, renamed);
        Assert.NotEqual(changed, ContentHash.Of(_directory, [renamed]));
        Assert.NotEqual(changed, ContentHash.Of(_directory, [renamed], "another base image"));
    }
}
