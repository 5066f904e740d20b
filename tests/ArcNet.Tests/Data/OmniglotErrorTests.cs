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
    public void One_image_given_as_the_source_is_refused_with_the_layout_it_takes()
    {
        string root = OmniglotTestData.TempFolder();
        string image = Path.Combine(root, "a.png");
        File.WriteAllBytes(image, OmniglotTestData.Png("Greek/character01/0394_01.png"));

        var load = () => ImageDataset.Load(image);

        load.Should().ThrowExactly<InvalidDataException>().WithMessage($"Image source '{image}' is one image; give a folder or a .zip of class folders*");
        Directory.Delete(root, recursive: true);
    }

    [Fact]
    public async Task A_named_pipe_among_the_images_is_refused_without_waiting_for_a_writer()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
            return;   // named pipes in a folder are a POSIX thing
        string root = OmniglotTestData.TempFolder();
        string character = Path.Combine(root, "Greek", "character01");
        Directory.CreateDirectory(character);
        File.WriteAllBytes(Path.Combine(character, "0394_01.png"), OmniglotTestData.Png("Greek/character01/0394_01.png"));
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", Path.Combine(character, "0394_02.png")))
            mkfifo.WaitForExit();

        var load = Task.Run(() => ImageDataset.Load(root));

        (await Task.WhenAny(load, Task.Delay(TimeSpan.FromSeconds(30)))).Should().BeSameAs(load, "the load ends rather than waiting for a writer to the pipe");
        load.Exception!.InnerException.Should().BeOfType<InvalidDataException>().Which.Message.Should().Contain("0394_02.png");
        Directory.Delete(root, recursive: true);
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
    public void A_truncated_zip_is_named_with_what_to_do()
    {
        string root = OmniglotTestData.TempFolder();
        try
        {
            var bytes = File.ReadAllBytes(OmniglotTestData.Small1);
            var truncated = Path.Combine(root, "truncated.zip");
            File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);

            var load = () => ImageDataset.Load(truncated);

            load.Should().ThrowExactly<InvalidDataException>().WithMessage("*truncated.zip*not a readable zip*download it again*");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
