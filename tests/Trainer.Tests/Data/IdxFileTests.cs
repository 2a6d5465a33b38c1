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

        var train = DatasetFiles.LoadTrain(_directory);
        var test = DatasetFiles.LoadTest(_directory);

        Assert.Equal(50, train.Count);
        Assert.Equal(20, test.Count);
        Assert.Equal((28, 28), (train.Rows, train.Columns));
        Assert.Equal(50 * 28 * 28, train.Pixels.Length);
        Assert.All(train.Labels, label => Assert.InRange(label, 0, 9));
    }

    [Fact]
    public void A_truncated_file_is_reported_with_its_path_and_the_missing_size()
    {
        var path = Path.Combine(_directory, "cut-images");
        IdxWriter.Write(path, [10, 28, 28], new byte[10 * 28 * 28], gzip: false);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length - 100)]);

        var error = Assert.Throws<IdxFormatException>(() => IdxFile.Read(path, 3));

        Assert.Contains(path, error.Message);
        Assert.Contains("truncated", error.Message);
        Assert.Contains("10x28x28 = 7840 bytes", error.Message);
    }

    [Fact]
    public void A_cut_gzip_stream_is_reported_as_such()
    {
        var path = Path.Combine(_directory, "cut.gz");
        IdxWriter.Write(path, [100, 28, 28], new byte[100 * 28 * 28], gzip: true);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        var error = Assert.Throws<IdxFormatException>(() => IdxFile.Read(path, 3));

        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void A_labels_file_given_as_images_is_refused_for_its_magic_number()
    {
        var path = Path.Combine(_directory, "labels");
        IdxWriter.Write(path, [10], new byte[10], gzip: false);

        var error = Assert.Throws<IdxFormatException>(() => IdxFile.Read(path, 3));

        Assert.Contains("wrong magic number 0x00000801", error.Message);
        Assert.Contains("expected 0x00000803", error.Message);
    }

    [Fact]
    public void Images_and_labels_of_different_counts_are_refused_naming_both_files()
    {
        var images = Path.Combine(_directory, "images");
        var labels = Path.Combine(_directory, "labels");
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

    [Fact]
    public void Images_that_are_not_28_by_28_are_refused_as_input_naming_the_file_and_the_expected_size()
    {
        var images = Path.Combine(_directory, "images");
        var labels = Path.Combine(_directory, "labels");
        IdxWriter.Write(images, [4, 32, 32], new byte[4 * 32 * 32], gzip: false);
        IdxWriter.Write(labels, [4], new byte[4], gzip: false);

        var error = Assert.Throws<IdxFormatException>(() => ImageSet.Load(images, labels));

        Assert.Contains(images, error.Message);
        Assert.Contains("32x32", error.Message);
        Assert.Contains("expected 28x28", error.Message);
    }

    [Fact]
    public void A_header_whose_size_overflows_64_bits_is_refused_not_wrapped()
    {
        // 2^30 x 2^30 x 16 = 2^64: in 64-bit arithmetic that wraps to 0 and a 16-byte file looked complete.
        var path = Path.Combine(_directory, "overflow");
        WriteHeader(path, 0x0803, [1 << 30, 1 << 30, 16]);

        var error = Assert.Throws<IdxFormatException>(() => IdxFile.Read(path, 3));

        Assert.Contains(path, error.Message);
        Assert.Contains("1073741824x1073741824x16", error.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_header_announcing_far_more_than_the_file_holds_is_refused_before_anything_is_allocated(bool gzip)
    {
        // 2,000,000 images of 28 x 28 = 1.57 GB announced by a file of a few bytes.
        var path = Path.Combine(_directory, gzip ? "huge.gz" : "huge");
        IdxWriter.Write(path, [2_000_000, 28, 28], [], gzip);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<IdxFormatException>(() => IdxFile.Read(path, 3));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains(path, error.Message);
        Assert.Contains("2000000x28x28 = 1568000000 bytes", error.Message);
        Assert.True(allocated < 4 << 20, $"allocated {allocated} bytes for a file of {new FileInfo(path).Length}");
    }

    [Fact]
    public void A_gzip_file_cut_after_some_data_allocates_no_more_than_it_decompressed()
    {
        // Compressible enough to pass the size check, then cut: the reader may only grow its buffer with the data.
        var path = Path.Combine(_directory, "cut-huge.gz");
        IdxWriter.Write(path, [100_000, 28, 28], new byte[100_000 * 28 * 28], gzip: true);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 100)]);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<IdxFormatException>(() => IdxFile.Read(path, 3));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains(path, error.Message);
        Assert.True(allocated < 100_000 * 28 * 28 / 4, $"allocated {allocated} bytes for a cut file of {bytes.Length / 100}");
    }

    [Fact]
    public void An_empty_or_unreadable_data_file_is_an_input_error_naming_it()
    {
        var empty = Path.Combine(_directory, "empty");
        File.WriteAllBytes(empty, []);

        var error = Assert.Throws<IdxFormatException>(() => IdxFile.Read(empty, 1));

        Assert.Contains(empty, error.Message);
        Assert.Contains("truncated", error.Message);
    }

    private static void WriteHeader(string path, int magic, uint[] dimensions)
    {
        using var file = File.Create(path);
        Span<byte> word = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(word, magic);
        file.Write(word);
        foreach (var dimension in dimensions)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(word, dimension);
            file.Write(word);
        }
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
