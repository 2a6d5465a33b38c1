using System.IO.Compression;
using Testbed.Trainer.Data;

namespace Testbed.Trainer.Tests.Data;

public sealed class IdxFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("idx-").FullName;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_valid_dataset_reads_back_with_its_dimensions_and_labels(bool gzip)
    {
        SyntheticDataset.Write(_directory, trainCount: 50, testCount: 20, seed: 3, gzip);

        ImageSet train = DatasetFiles.LoadTrain(_directory);
        ImageSet test = DatasetFiles.LoadTest(_directory);

        Assert.Equal(50, train.Count);
        Assert.Equal(20, test.Count);
        Assert.Equal((28, 28), (train.Rows, train.Columns));
        Assert.Equal(50 * 28 * 28, train.Pixels.Length);
        Assert.All(train.Labels, label => Assert.InRange(label, 0, 9));
    }

    [Fact]
    public void A_truncated_file_is_reported_with_its_path_and_the_missing_size()
    {
        string path = Path.Combine(_directory, "cut-images");
        IdxWriter.Write(path, [10, 28, 28], new byte[10 * 28 * 28], gzip: false);
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length - 100)]);

        var error = Assert.Throws<IdxFormatException>(() => IdxFile.Read(path, 3));

        Assert.Contains(path, error.Message);
        Assert.Contains("truncated", error.Message);
        Assert.Contains("10x28x28 = 7840 bytes", error.Message);
    }

    [Fact]
    public void A_cut_gzip_stream_is_reported_as_such()
    {
        string path = Path.Combine(_directory, "cut.gz");
        IdxWriter.Write(path, [100, 28, 28], new byte[100 * 28 * 28], gzip: true);
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        var error = Assert.Throws<IdxFormatException>(() => IdxFile.Read(path, 3));

        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void A_labels_file_given_as_images_is_refused_for_its_magic_number()
    {
        string path = Path.Combine(_directory, "labels");
        IdxWriter.Write(path, [10], new byte[10], gzip: false);

        var error = Assert.Throws<IdxFormatException>(() => IdxFile.Read(path, 3));

        Assert.Contains("wrong magic number 0x00000801", error.Message);
        Assert.Contains("expected 0x00000803", error.Message);
    }

    [Fact]
    public void Images_and_labels_of_different_counts_are_refused_naming_both_files()
    {
        string images = Path.Combine(_directory, "images");
        string labels = Path.Combine(_directory, "labels");
        IdxWriter.Write(images, [10, 28, 28], new byte[10 * 28 * 28], gzip: false);
        IdxWriter.Write(labels, [9], new byte[9], gzip: false);

        var error = Assert.Throws<IdxFormatException>(() => ImageSet.Load(images, labels));

        Assert.Contains("10 images", error.Message);
        Assert.Contains("9 labels", error.Message);
        Assert.Contains(labels, error.Message);
    }

    [Fact]
    public void A_folder_without_the_files_names_the_data_flag_and_what_was_expected()
    {
        var error = Assert.Throws<InputException>(() => DatasetFiles.LoadTrain(_directory));

        Assert.Contains("--data", error.Message);
        Assert.Contains("train-images-idx3-ubyte.gz", error.Message);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
