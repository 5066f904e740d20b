using ArcNet.Data;
using FluentAssertions;
using Xunit;

namespace ArcNet.Tests.Data;

public class OmniglotErrorTests
{
    [Fact]
    public void A_missing_source_is_named()
    {
        var missing = Path.Combine(OmniglotTestData.TempFolder(), "no-such-omniglot");

        var load = () => ImageDataset.Load(missing);

        load.Should().ThrowExactly<FileNotFoundException>().WithMessage($"*{missing}*");
    }

    [Fact]
    public void A_folder_without_layout_images_is_named()
    {
        string root = OmniglotTestData.TempFolder();
        try
        {
            File.WriteAllText(Path.Combine(root, "notes.txt"), "not an image");

            var load = () => ImageDataset.Load(root);

            load.Should().ThrowExactly<InvalidDataException>().WithMessage($"*{root}*contains no images*");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void A_corrupt_png_is_named()
    {
        string root = OmniglotTestData.TempFolder();
        try
        {
            var character = Path.Combine(root, "Greek", "character01");
            Directory.CreateDirectory(character);
            File.WriteAllBytes(Path.Combine(character, "0394_01.png"), OmniglotTestData.Png("Greek/character01/0394_01.png"));
            File.WriteAllBytes(Path.Combine(character, "0394_02.png"), "definitely not a PNG"u8.ToArray());

            // Not wrapped in the AggregateException of the parallel decoder.
            var error = Assert.Throws<InvalidDataException>(() => ImageDataset.Load(root));

            error.Message.Should().Contain("0394_02.png");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Empty_zero_sized_and_huge_images_are_refused()
    {
        var empty = () => ImageDecoder.Decode([], "empty.png", 32);
        var zero = () => ImageDecoder.Decode(AdversarialPngs.HeaderOnly(0, 105), "zero.png", 32);
        var huge = () => ImageDecoder.Decode(AdversarialPngs.HeaderOnly(4097, 10), "huge.png", 32);

        empty.Should().ThrowExactly<InvalidDataException>().WithMessage("*empty.png*");
        zero.Should().ThrowExactly<InvalidDataException>().WithMessage("*zero.png*");
        huge.Should().ThrowExactly<InvalidDataException>().WithMessage("*huge.png*4097*");
    }

    [Fact]
    public void A_truncated_zip_is_named()
    {
        string root = OmniglotTestData.TempFolder();
        try
        {
            var bytes = File.ReadAllBytes(OmniglotTestData.Small1);
            var truncated = Path.Combine(root, "truncated.zip");
            File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);

            var load = () => ImageDataset.Load(truncated);

            load.Should().ThrowExactly<InvalidDataException>().WithMessage("*truncated.zip*");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
