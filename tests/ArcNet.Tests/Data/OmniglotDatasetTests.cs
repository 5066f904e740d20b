using ArcNet.Data;
using FluentAssertions;
using TorchSharp;
using Xunit;
using Xunit.Abstractions;

namespace ArcNet.Tests.Data;

[Collection(OmniglotCollection.Name)]
public class OmniglotDatasetTests(OmniglotTestData data, ITestOutputHelper output)
{
    private readonly ImageDataset _union = data.Union;

    [Fact]
    public void The_union_of_both_small_sets_holds_8_alphabets_242_characters_4840_images()
    {
        output.WriteLine($"Loaded both archives in {_union.LoadTime.TotalMilliseconds:F0} ms; mean pixel {_union.MeanPixel:F4}");

        _union.GroupNames.Should().Equal("Balinese", "Early_Aramaic", "Greek", "Japanese_(katakana)", "Korean", "Latin", "Sanskrit", "Tagalog");
        _union.ClassCount.Should().Be(242);
        _union.Count.Should().Be(4840);
        _union.ImageSize.Should().Be(32);
    }

    [Fact]
    public void Each_small_set_alone_has_its_documented_image_count()
    {
        using var small1 = ImageDataset.Load(OmniglotTestData.Small1);
        using var small2 = ImageDataset.Load(OmniglotTestData.Small2);

        output.WriteLine($"Loaded small1 in {small1.LoadTime.TotalMilliseconds:F0} ms, small2 in {small2.LoadTime.TotalMilliseconds:F0} ms");
        small1.Count.Should().Be(2720);
        small1.GroupNames.Should().Equal("Balinese", "Early_Aramaic", "Greek", "Korean", "Latin");
        small2.Count.Should().Be(3120);
        small2.GroupNames.Should().Equal("Greek", "Japanese_(katakana)", "Latin", "Sanskrit", "Tagalog");
    }

    [Fact]
    public void Images_shared_by_both_sets_are_kept_once()
    {
        int greek = _union.GroupNames.ToList().IndexOf("Greek");

        _union.GroupOf.Count(a => a == greek).Should().Be(24 * 20);
        _union.ImageNames.Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void Listings_are_in_ordinal_order_and_labels_match_the_file_names()
    {
        _union.ClassNames.Should().BeInAscendingOrder(StringComparer.Ordinal);
        _union.ImageNames.Should().BeInAscendingOrder(StringComparer.Ordinal);
        _union.ImageNames[0].Should().Be("Balinese/character01/0108_01.png");
        _union.InstanceOf[0].Should().Be(1);
        _union.InstanceOf[19].Should().Be(20);
        _union.ClassOf[20].Should().Be(1);
        for (int i = 0; i < _union.Count; i += 97)
        {
            var parts = _union.ImageNames[i].Split('/');
            _union.GroupNames[_union.GroupOf[i]].Should().Be(parts[0]);
            _union.ClassNames[_union.ClassOf[i]].Should().Be($"{parts[0]}/{parts[1]}");
            _union.InstanceOf[i].Should().Be(int.Parse(parts[2][5..7]));
        }
    }

    [Fact]
    public void Images_are_scaled_to_unit_range_and_centred_on_the_dataset_mean()
    {
        using var scope = torch.NewDisposeScope();
        var all = _union.Images(_union.All.Indices);

        all.shape.Should().Equal(4840, 1, 32, 32);
        all.dtype.Should().Be(torch.ScalarType.Float32);
        _union.MeanPixel.Should().BeInRange(0.06, 0.10);
        all.mean().item<float>().Should().BeApproximately(0f, 1e-4f);
        all.min().item<float>().Should().BeApproximately((float)-_union.MeanPixel, 1e-6f, "background is 0 before centring");
        all.max().item<float>().Should().BeApproximately((float)(1 - _union.MeanPixel), 1e-6f, "solid ink is 1 before centring");
    }

    [Fact]
    public void Ink_is_bright_and_the_border_is_background()
    {
        using var scope = torch.NewDisposeScope();
        var image = _union.Images([0], meanPixel: 0)[0, 0]; // (A, A)

        image[0].max().item<float>().Should().Be(0f);
        image[31].max().item<float>().Should().Be(0f);
        image.max().item<float>().Should().BeGreaterThan(0.5f);
    }

    [Fact]
    public void A_caller_given_mean_replaces_the_dataset_mean()
    {
        using var scope = torch.NewDisposeScope();
        var own = _union.Images([5, 6]);
        var given = _union.Images([5, 6], meanPixel: 0.25);

        torch.allclose(given, own - (0.25 - _union.MeanPixel), atol: 1e-6).Should().BeTrue();
    }

    [Fact]
    public void A_folder_gives_the_same_images_as_the_archive()
    {
        string root = OmniglotTestData.TempFolder();
        try
        {
            string[] names = ["Greek/character01/0394_01.png", "Greek/character01/0394_07.png", "Greek/character02/0395_03.png", "Balinese/character05/0112_20.png"];
            foreach (var name in names)
            {
                var path = Path.Combine(root, "images_background_small1", name);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllBytes(path, OmniglotTestData.Png(name));
            }

            using var folder = ImageDataset.Load(root);
            using var scope = torch.NewDisposeScope();

            folder.ImageNames.Should().Equal(names.Order(StringComparer.Ordinal));
            folder.GroupNames.Should().Equal("Balinese", "Greek");
            folder.ClassCount.Should().Be(3);
            var inUnion = folder.ImageNames.Select(n => _union.ImageNames.ToList().IndexOf(n)).ToArray();
            var fromFolder = folder.Images(folder.All.Indices, meanPixel: 0);
            var fromZip = _union.Images(inUnion, meanPixel: 0);
            torch.allclose(fromFolder, fromZip).Should().BeTrue();
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void An_archive_stream_loads_like_its_file()
    {
        using var stream = File.OpenRead(OmniglotTestData.Small2);
        using var fromStream = ImageDataset.Load([("small2", (Stream)stream)]);

        fromStream.Count.Should().Be(3120);
        fromStream.ClassCount.Should().Be(24 + 47 + 26 + 42 + 17);
    }

    [Fact]
    public void Subsets_are_views_of_sorted_unique_indices()
    {
        var view = _union.Subset([7, 3, 3, 100]);

        view.Indices.Should().Equal(3, 7, 100);
        view.Dataset.Should().BeSameAs(_union);
        var outOfRange = () => _union.Subset([4840]);
        outOfRange.Should().Throw<ArgumentOutOfRangeException>();
    }
}
