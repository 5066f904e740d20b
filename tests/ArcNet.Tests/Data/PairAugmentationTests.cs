using ArcNet.Data;
using FluentAssertions;
using TorchSharp;
using Xunit;

namespace ArcNet.Tests.Data;

[Collection(OmniglotCollection.Name)]
public class PairAugmentationTests(OmniglotTestData data)
{
    private readonly ImageDataset _union = data.Union;

    private (torch.Tensor First, torch.Tensor Second) Batch() =>
        (_union.Images([0, 21, 400, 1000, 2000, 4839]), _union.Images([1, 40, 401, 1020, 2001, 4838]));

    [Fact]
    public void Shapes_are_kept_and_inputs_are_not_modified()
    {
        using var scope = torch.NewDisposeScope();
        var (first, second) = Batch();
        var firstBefore = first.clone();

        var (a, b) = new PairAugmentation(_union.MeanPixel, strength: 1, seed: 1).Apply(first, second);

        a.shape.Should().Equal(first.shape);
        b.shape.Should().Equal(second.shape);
        torch.allclose(first, firstBefore).Should().BeTrue();
        torch.allclose(a, first, atol: 1e-3).Should().BeFalse("strength 1 moves the images");
    }

    [Fact]
    public void Strength_zero_is_the_identity()
    {
        using var scope = torch.NewDisposeScope();
        var (first, second) = Batch();

        var (a, b) = new PairAugmentation(_union.MeanPixel, strength: 0, seed: 5).Apply(first, second);

        (a - first).abs().max().item<float>().Should().BeLessThan(1e-6f);
        (b - second).abs().max().item<float>().Should().BeLessThan(1e-6f);
    }

    [Fact]
    public void Flips_apply_to_both_images_of_a_pair_alike()
    {
        using var scope = torch.NewDisposeScope();
        var (first, second) = Batch();
        var augmentation = new PairAugmentation(_union.MeanPixel);
        PairTransform[] flips =
        [
            PairTransform.Flips(horizontal: true, vertical: false),
            PairTransform.Flips(horizontal: false, vertical: true),
            PairTransform.Flips(horizontal: true, vertical: true),
            PairTransform.Flips(horizontal: false, vertical: false),
            PairTransform.Flips(horizontal: true, vertical: false),
            PairTransform.Flips(horizontal: false, vertical: true),
        ];
        long[][] flippedDims = [[3], [2], [2, 3], [], [3], [2]];

        var (a, b) = augmentation.Apply(first, second, flips);

        for (int p = 0; p < flips.Length; p++)
        {
            var expectedA = flippedDims[p].Length == 0 ? first[p] : first[p].unsqueeze(0).flip(flippedDims[p])[0];
            var expectedB = flippedDims[p].Length == 0 ? second[p] : second[p].unsqueeze(0).flip(flippedDims[p])[0];
            torch.allclose(a[p], expectedA, atol: 1e-5).Should().BeTrue($"pair {p}, first image");
            torch.allclose(b[p], expectedB, atol: 1e-5).Should().BeTrue($"pair {p}, second image");
        }
    }

    [Fact]
    public void A_shift_of_five_pixels_moves_ink_five_pixels_right()
    {
        using var scope = torch.NewDisposeScope();
        var dot = torch.zeros(1, 1, 32, 32);
        dot[0, 0, 10, 10] = torch.tensor(1f);
        var shift = new PairTransform(false, false, ImageAffine.Identity with { ShiftX = 5 }, ImageAffine.Identity with { ShiftY = 5 });

        var (right, down) = new PairAugmentation(meanPixel: 0).Apply(dot, dot, [shift]);

        right[0, 0, 10, 15].item<float>().Should().BeApproximately(1f, 1e-5f);
        down[0, 0, 15, 10].item<float>().Should().BeApproximately(1f, 1e-5f);
        right.sum().item<float>().Should().BeApproximately(1f, 1e-5f);
    }

    [Fact]
    public void Uncovered_area_is_filled_with_background_not_zero()
    {
        using var scope = torch.NewDisposeScope();
        float background = (float)-_union.MeanPixel;
        var blank = torch.full(4, 1, 32, 32, background);

        var (a, b) = new PairAugmentation(_union.MeanPixel, strength: 1, seed: 2).Apply(blank, blank);

        (a - background).abs().max().item<float>().Should().BeLessThan(1e-6f);
        (b - background).abs().max().item<float>().Should().BeLessThan(1e-6f);
    }

    [Fact]
    public void The_same_seed_gives_the_same_augmentation()
    {
        using var scope = torch.NewDisposeScope();
        var (first, second) = Batch();

        var (a1, b1) = new PairAugmentation(_union.MeanPixel, 1, seed: 3).Apply(first, second);
        var (a2, b2) = new PairAugmentation(_union.MeanPixel, 1, seed: 3).Apply(first, second);
        var (a3, _) = new PairAugmentation(_union.MeanPixel, 1, seed: 4).Apply(first, second);

        torch.allclose(a1, a2).Should().BeTrue();
        torch.allclose(b1, b2).Should().BeTrue();
        torch.allclose(a1, a3).Should().BeFalse();
    }
}
