using ArcNet.Data;
using FluentAssertions;
using SkiaSharp;
using TorchSharp;
using Xunit;
using Format = ArcNet.Tests.Data.ImageFiles.Format;

namespace ArcNet.Tests.Data;

/// <summary>
/// Any image collection laid out as class folders, with or without groups, in a folder or a zip, loads: its layout is
/// discovered, its listing sorted, its images of any format prepared as asked. (Omniglot's own layout is tested in
/// <see cref="OmniglotDatasetTests"/>.)
/// </summary>
public sealed class ImageDatasetTests : IDisposable
{
    private readonly string _root = OmniglotTestData.TempFolder();

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static readonly string[] Alpha = ImageFolders.Drawings("Greek/character01", 3).ToArray();
    private static readonly string[] Beta = ImageFolders.Drawings("Greek/character02", 2).ToArray();
    private static readonly string[] Gamma = ImageFolders.Drawings("Korean/character01", 2).ToArray();

    /// <summary>Classes alpha (3 images) and beta (2) as photos would be named, prefixed by <paramref name="prefix"/>, in mixed formats.</summary>
    private static IEnumerable<(string Path, byte[] Bytes)> TwoClasses(string prefix = "") =>
    [
        ($"{prefix}beta/b.jpg", ImageFolders.Character(Beta[0], Format.Jpeg)),
        ($"{prefix}alpha/IMG_0002.webp", ImageFolders.Character(Alpha[1], Format.WebP)),
        ($"{prefix}alpha/IMG_0001.jpeg", ImageFolders.Character(Alpha[0], Format.Jpeg)),
        ($"{prefix}alpha/IMG_0003.gif", ImageFolders.Character(Alpha[2], Format.Gif)),
        ($"{prefix}beta/a.bmp", ImageFolders.Character(Beta[1], Format.Bmp)),
    ];

    [Fact]
    public void A_folder_of_class_folders_is_one_group_of_classes_each_image_its_own_instance()
    {
        ImageFolders.Write(_root, TwoClasses());

        using var data = ImageDataset.Load(_root);

        data.GroupNames.Should().Equal("");
        data.ClassNames.Should().Equal("alpha", "beta");
        data.ImageNames.Should().Equal("alpha/IMG_0001.jpeg", "alpha/IMG_0002.webp", "alpha/IMG_0003.gif", "beta/a.bmp", "beta/b.jpg");
        data.ClassOf.Should().Equal(0, 0, 0, 1, 1);
        data.InstanceOf.Should().Equal(1, 2, 3, 1, 2);
        data.GroupOf.Should().OnlyContain(g => g == 0);
    }

    [Fact]
    public void Group_folders_of_class_folders_keep_their_groups()
    {
        ImageFolders.Write(_root, TwoClasses("letters/").Append(("hangul/gamma/1.png", ImageFolders.Character(Gamma[0]))));

        using var data = ImageDataset.Load(_root);

        data.GroupNames.Should().Equal("hangul", "letters");
        data.ClassNames.Should().Equal("hangul/gamma", "letters/alpha", "letters/beta");
        data.GroupOf.Should().Equal(0, 1, 1, 1, 1, 1);
    }

    [Fact]
    public void A_zip_of_a_folder_of_class_folders_loads_like_the_folder()
    {
        string zip = ImageFolders.Zip(Path.Combine(_root, "photos.zip"), TwoClasses("photos/"));
        ImageFolders.Write(Path.Combine(_root, "folder"), TwoClasses());

        using var fromZip = ImageDataset.Load(zip);
        using var fromFolder = ImageDataset.Load(Path.Combine(_root, "folder"));
        using var scope = torch.NewDisposeScope();

        fromZip.ClassNames.Should().Equal(["alpha", "beta"], "the single folder around everything wraps the classes, it is no group");
        fromZip.ImageNames.Should().Equal(fromFolder.ImageNames);
        fromZip.Images(fromZip.All.Indices).allclose(fromFolder.Images(fromFolder.All.Indices), rtol: 0, atol: 0).Should().BeTrue();
    }

    [Fact]
    public void A_zip_of_group_folders_inside_a_folder_keeps_the_groups()
    {
        string zip = ImageFolders.Zip(Path.Combine(_root, "set.zip"),
            TwoClasses("set/letters/").Append(("set/hangul/gamma/1.png", ImageFolders.Character(Gamma[0]))));

        using var data = ImageDataset.Load(zip);

        data.GroupNames.Should().Equal("hangul", "letters");
    }

    [Fact]
    public void Hidden_files_other_files_and_macos_copies_are_passed_over()
    {
        ImageFolders.Write(_root, TwoClasses().Concat(
        [
            ("alpha/notes.txt", "not an image"u8.ToArray()),
            ("alpha/.thumbnail.png", ImageFolders.Character(Alpha[0])),
            (".cache/alpha/x.png", ImageFolders.Character(Alpha[0])),
            ("__MACOSX/alpha/._IMG_0001.jpeg", [0, 5, 22, 7]),
        ]));

        using var data = ImageDataset.Load(_root);

        data.Count.Should().Be(5);
    }

    [Theory]
    [InlineData("loose.png", "*'loose.png' outside any class folder*<class>/<image>*")]
    [InlineData("letters/alpha/extra.png", "*mixes two layouts*'alpha/IMG_0001.jpeg' is <class>/<image>*'letters/alpha/extra.png' is <group>/<class>/<image>*")]
    [InlineData("a/b/c/d/deep.png", "*'a/b/c/d/deep.png' deeper than the layout allows*")]
    public void An_image_outside_the_layout_is_refused_naming_it(string stray, string message)
    {
        ImageFolders.Write(_root, TwoClasses().Append((stray, ImageFolders.Character(Gamma[0]))));

        var load = () => ImageDataset.Load(_root);

        load.Should().ThrowExactly<InvalidDataException>().WithMessage(message);
    }

    [Fact]
    public void A_zip_entry_that_expands_past_16_MB_is_refused()
    {
        string zip = ImageFolders.Zip(Path.Combine(_root, "bomb.zip"), [("class/huge.png", new byte[17 * 1024 * 1024])]);

        var load = () => ImageDataset.Load(zip);

        load.Should().ThrowExactly<InvalidDataException>().WithMessage("*bomb.zip!class/huge.png*more than 16777216 bytes*");
    }

    [Fact]
    public void Colour_keeps_three_channels_and_gray_weighs_them_by_luma()
    {
        ImageFolders.Write(_root, Alpha.Select((name, i) => ($"blue/{i}.jpg", ImageFolders.Character(name, Format.Jpeg, blueInk: true))));

        using var colour = ImageDataset.Load(_root, new ImagePreprocessing { Channels = 3, InvertInk = false });
        using var gray = ImageDataset.Load(_root, new ImagePreprocessing { InvertInk = false });
        using var scope = torch.NewDisposeScope();

        var rgb = colour.Images(colour.All.Indices, meanPixel: 0);                         // (3, 3, 32, 32)
        var luma = gray.Images(gray.All.Indices, meanPixel: 0);                            // (3, 1, 32, 32)
        rgb.shape.Should().Equal(3, 3, 32, 32);
        luma.shape.Should().Equal(3, 1, 32, 32);
        var inkiest = rgb[.., 0].argmin().item<long>();                                    // darkest red: blue ink
        rgb[.., 2].flatten()[inkiest].item<float>().Should().BeGreaterThan(rgb[.., 0].flatten()[inkiest].item<float>() + 0.2f, "the ink is blue");
        var weighed = rgb[.., 0] * 0.299f + rgb[.., 1] * 0.587f + rgb[.., 2] * 0.114f;
        (weighed - luma[.., 0]).abs().max().item<float>().Should().BeLessThan(0.02f);
    }

    [Fact]
    public void Dark_ink_on_light_paper_is_inverted_unless_told_otherwise()
    {
        ImageFolders.Write(_root, TwoClasses());

        using var decided = ImageDataset.Load(_root);
        using var kept = ImageDataset.Load(_root, new ImagePreprocessing { InvertInk = false });
        using var scope = torch.NewDisposeScope();

        decided.Preprocessing.InvertInk.Should().BeTrue("the paper around each character is white");
        kept.Preprocessing.InvertInk.Should().BeFalse();
        decided.Images([0], meanPixel: 0)[0, 0, 0, 0].item<float>().Should().BeApproximately(0f, 0.02f, "the paper became background");
        kept.Images([0], meanPixel: 0)[0, 0, 0, 0].item<float>().Should().BeApproximately(1f, 0.02f, "the paper stayed white");
    }

    [Fact]
    public void Light_ink_on_a_dark_ground_is_left_as_it_is()
    {
        using var chalk = ImageFiles.Bitmap(40, (x, y) => x is > 15 and < 25 ? SKColors.White : SKColors.Black);
        ImageFolders.Write(_root, [("chalk/1.png", ImageFiles.Encode(chalk, Format.Png)), ("chalk/2.png", ImageFiles.Encode(chalk, Format.Png))]);

        using var data = ImageDataset.Load(_root);

        data.Preprocessing.Should().Be(new ImagePreprocessing { InvertInk = false });
    }
}
