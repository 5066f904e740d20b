using ArcNet.Data;
using FluentAssertions;
using SkiaSharp;
using TorchSharp;
using Xunit;

namespace ArcNet.Tests.Data;

[Collection(OmniglotCollection.Name)]
public class OmniglotPreprocessingTests(OmniglotTestData data)
{
    private readonly ImageDataset _union = data.Union;

    private static byte[] Png(int side, Func<int, int, byte> gray)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(side, side, SKColorType.Gray8, SKAlphaType.Opaque));
        for (int y = 0; y < side; y++)
            for (int x = 0; x < side; x++)
                bitmap.SetPixel(x, y, new SKColor(gray(x, y), gray(x, y), gray(x, y)));
        using var encoded = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return encoded.ToArray();
    }

    [Fact]
    public void Omniglot_has_a_white_border_so_its_ink_is_inverted()
    {
        _union.Preprocessing.Should().Be(ImagePreprocessing.Omniglot);
    }

    [Fact]
    public void Strokes_thinner_than_the_shrink_factor_are_averaged_not_aliased()
    {
        // One-pixel stripes: sampling without a prefilter lands on either colour and gives stripes of 0 and 255.
        var pixels = ImageDecoder.Decode(Png(105, (x, _) => x % 2 == 0 ? (byte)0 : (byte)255), "stripes.png", 32);

        var interior = Enumerable.Range(4, 24).SelectMany(y => Enumerable.Range(4, 24).Select(x => (int)pixels[y * 32 + x])).ToArray();
        interior.Should().OnlyContain(v => v > 80 && v < 180);
    }

    [Fact]
    public void ReadImages_prepares_a_png_exactly_as_the_dataset_does()
    {
        const string name = "Greek/character07/0400_13.png";
        string folder = OmniglotTestData.TempFolder();
        string path = Path.Combine(folder, "0400_13.png");
        File.WriteAllBytes(path, OmniglotTestData.Png(name));
        using var scope = torch.NewDisposeScope();
        using var comparator = new ArcComparator(new PlainArcOptions { HiddenSize = 16, GlimpsesPerImage = 1 }) { PixelMean = _union.MeanPixel };

        var read = comparator.ReadImages(path);

        var fromDataset = _union.Images([_union.ImageNames.ToList().IndexOf(name)]);
        read.shape.Should().Equal(1, 1, 32, 32);
        read.allclose(fromDataset, rtol: 0, atol: 0).Should().BeTrue();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void Loading_and_sampling_leave_no_tensor_alive()
    {
        var sampler = new PairSampler(_union.All, seed: 0);
        var augmentation = new PairAugmentation(_union.MeanPixel, seed: 0);
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        for (int step = 0; step < 3; step++)
        {
            using var scope = torch.NewDisposeScope();
            var (first, second, _) = sampler.Sample(8);
            _ = augmentation.Apply(first, second);
        }

        DisposeScopeManager.Statistics.ThreadTotalLiveCount.Should().Be(before);
    }
}
