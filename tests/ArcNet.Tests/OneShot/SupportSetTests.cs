using ArcNet.Data;
using ArcNet.OneShot;
using ArcNet.Tests.Data;
using FluentAssertions;
using Xunit;
using Format = ArcNet.Tests.Data.ImageFiles.Format;

namespace ArcNet.Tests.OneShot;

/// <summary>A support folder gives the classes of a one-shot task; one that cannot is refused saying why.</summary>
public sealed class SupportSetTests : IDisposable
{
    private static readonly PlainArcOptions Small = new() { HiddenSize = 16, GlimpsesPerImage = 1 };

    private readonly string _root = OmniglotTestData.TempFolder();
    private readonly ArcComparator _comparator = new(Small);

    public void Dispose()
    {
        _comparator.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    private static byte[] Drawing(string character, int index, Format format = Format.Png) =>
        ImageFolders.Character(ImageFolders.Drawings(character).ElementAt(index), format);

    private string Support(params (string Path, byte[] Bytes)[] files) => ImageFolders.Write(Path.Combine(_root, "support"), files);

    [Fact]
    public void Image_files_and_class_folders_are_the_classes()
    {
        string folder = Support(
            ("omega.jpg", Drawing("Greek/character24", 0, Format.Jpeg)),
            ("alpha/1.png", Drawing("Greek/character01", 0)),
            ("alpha/2.webp", Drawing("Greek/character01", 1, Format.WebP)),
            ("notes.txt", "not an image"u8.ToArray()));

        using var support = SupportSet.Load(folder, _comparator);

        support.Classes.Should().Equal("alpha", "omega");
        support.Labels.Should().Equal("alpha", "alpha", "omega");
        support.Paths.Select(Path.GetFileName).Should().Equal("1.png", "2.webp", "omega.jpg");
        support.Images.shape.Should().Equal(3, 1, 32, 32);
    }

    [Fact]
    public void Query_files_are_classified_as_their_images_are()
    {
        string folder = Support(("alpha.png", Drawing("Greek/character01", 0)), ("beta.png", Drawing("Greek/character02", 0)));
        string[] queries = [Path.Combine(_root, "q1.bmp"), Path.Combine(_root, "q2.gif")];
        File.WriteAllBytes(queries[0], Drawing("Greek/character01", 5, Format.Bmp));
        File.WriteAllBytes(queries[1], Drawing("Greek/character02", 5, Format.Gif));
        using var support = SupportSet.Load(folder, _comparator);
        var classifier = new OneShotClassifier(_comparator);

        var fromFiles = classifier.Classify(queries, support);

        using var images = _comparator.ReadImages(queries);
        var fromTensors = classifier.Classify(images, support.Images, support.Labels);
        fromFiles.Select(p => p.Label).Should().Equal(fromTensors.Select(p => p.Label));
        fromFiles.Select(p => p.Scores.Select(s => s.Key)).Should().AllSatisfy(classes => classes.Should().Equal("alpha", "beta"));
    }

    [Fact]
    public void A_class_folder_without_images_is_refused_naming_it()
    {
        string folder = Support(("alpha.png", Drawing("Greek/character01", 0)), ("beta/readme.txt", "no image here"u8.ToArray()));

        var load = () => SupportSet.Load(folder, _comparator);

        load.Should().ThrowExactly<InvalidDataException>().WithMessage($"*Class folder '{Path.Combine(folder, "beta")}' holds no images*");
    }

    [Fact]
    public void A_folder_without_images_is_refused_saying_how_to_lay_it_out()
    {
        string folder = Support(("readme.txt", "no image here"u8.ToArray()));

        var load = () => SupportSet.Load(folder, _comparator);

        load.Should().ThrowExactly<InvalidDataException>().WithMessage("*holds no images*one image per class in it, named by the class, or a folder per class*");
    }

    [Fact]
    public void A_class_named_twice_is_refused()
    {
        string folder = Support(("alpha.png", Drawing("Greek/character01", 0)), ("alpha/2.png", Drawing("Greek/character01", 1)));

        var load = () => SupportSet.Load(folder, _comparator);

        load.Should().ThrowExactly<InvalidDataException>().WithMessage("*names class 'alpha' more than once (alpha.png, alpha/)*");
    }

    [Fact]
    public void A_missing_folder_is_named()
    {
        var load = () => SupportSet.Load(Path.Combine(_root, "nowhere"), _comparator);

        load.Should().ThrowExactly<DirectoryNotFoundException>().WithMessage("*nowhere*");
    }

    [Fact]
    public void A_file_given_as_the_folder_is_refused_as_a_file()
    {
        string file = Path.Combine(_root, "support.zip");
        File.WriteAllText(file, "not a folder");

        var load = () => SupportSet.Load(file, _comparator);

        load.Should().ThrowExactly<ArgumentException>().WithMessage($"Support folder '{file}' is a file; give the folder of support images*");
    }

    [Fact]
    public void A_support_set_prepared_for_another_comparator_is_refused()
    {
        string folder = Support(("alpha.png", Drawing("Greek/character01", 0)));
        using var other = new ArcComparator(Small) { PixelMean = 0.3 };
        using var support = SupportSet.Load(folder, other);

        var classify = () => new OneShotClassifier(_comparator).Classify([Path.Combine(folder, "alpha.png")], support);

        classify.Should().Throw<ArgumentException>().WithMessage("*prepares images otherwise*");
    }
}
