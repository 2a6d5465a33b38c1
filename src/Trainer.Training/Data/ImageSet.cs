namespace Testbed.Trainer.Data;

/// <summary>
/// Images and their labels, kept as the file's bytes (47 MB for MNIST's training set rather
/// than 188 MB as floats); batches are scaled to [0,1] when they are copied into a tensor.
/// </summary>
public sealed class ImageSet
{
    public const int Classes = 10;

    public ImageSet(byte[] pixels, byte[] labels, int rows, int columns)
    {
        Pixels = pixels;
        Labels = labels;
        Rows = rows;
        Columns = columns;
    }

    public byte[] Pixels { get; }
    public byte[] Labels { get; }
    public int Rows { get; }
    public int Columns { get; }
    public int Count => Labels.Length;
    public int PixelsPerImage => Rows * Columns;

    public ReadOnlySpan<byte> Image(int index) => Pixels.AsSpan(index * PixelsPerImage, PixelsPerImage);

    /// <summary>Reads an images file and a labels file and checks that they belong together.</summary>
    public static ImageSet Load(string imagesPath, string labelsPath)
    {
        // Checked against the model's input before the pixels are read: any other size could only fail later, inside libtorch.
        var images = IdxFile.Read(imagesPath, expectedDimensions: 3, expectedItemShape: [Model.ThesisCnn.ImageSide, Model.ThesisCnn.ImageSide]);
        var labels = IdxFile.Read(labelsPath, expectedDimensions: 1);
        if (images.Count != labels.Count)
        {
            throw new IdxFormatException(
                $"{imagesPath} holds {images.Count} images but {labelsPath} holds " +
                    $"{labels.Count} labels; expected the same count (are they from the same set?).");
        }

        for (var i = 0; i < labels.Data.Length; i++)
        {
            if (labels.Data[i] >= Classes)
            {
                throw new IdxFormatException($"{labelsPath}: label {labels.Data[i]} at index {i}; expected 0..{Classes - 1}.");
            }
        }

        return new ImageSet(images.Data, labels.Data, images.Dimensions[1], images.Dimensions[2]);
    }
}
