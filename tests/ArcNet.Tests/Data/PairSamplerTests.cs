using ArcNet.Data;
using FluentAssertions;
using TorchSharp;
using Xunit;

namespace ArcNet.Tests.Data;

[Collection(OmniglotCollection.Name)]
public class PairSamplerTests(OmniglotTestData data)
{
    private readonly ImageDataset _union = data.Union;

    [Fact]
    public void A_batch_has_pair_shaped_images_and_exactly_half_same_targets()
    {
        using var scope = torch.NewDisposeScope();
        var sampler = new PairSampler(_union.All, seed: 1);

        var (first, second, target) = sampler.Sample(128);

        first.shape.Should().Equal(128, 1, 32, 32);
        second.shape.Should().Equal(128, 1, 32, 32);
        target.shape.Should().Equal(128);
        target.sum().item<float>().Should().Be(64f);
        target.data<float>().ToArray().Should().OnlyContain(t => t == 0f || t == 1f);
    }

    [Fact]
    public void Same_pairs_are_one_character_by_two_drawers_and_different_pairs_share_an_alphabet()
    {
        var sampler = new PairSampler(_union.All, seed: 2);

        for (int round = 0; round < 5; round++)
        {
            var pairs = sampler.SampleIndices(64);
            for (int b = 0; b < 64; b++)
            {
                int i = pairs.First[b], j = pairs.Second[b];
                _union.GroupOf[i].Should().Be(_union.GroupOf[j]);
                if (pairs.Same[b])
                {
                    _union.ClassOf[i].Should().Be(_union.ClassOf[j]);
                    _union.InstanceOf[i].Should().NotBe(_union.InstanceOf[j]);
                }
                else
                {
                    _union.ClassOf[i].Should().NotBe(_union.ClassOf[j]);
                }
            }
        }
    }

    [Fact]
    public void Pairs_are_shuffled_within_the_batch()
    {
        var pairs = new PairSampler(_union.All, seed: 3).SampleIndices(128);

        pairs.Same.Take(64).Should().Contain(false);
        pairs.Same.Skip(64).Should().Contain(true);
    }

    [Fact]
    public void The_same_seed_gives_the_same_batches_and_another_seed_does_not()
    {
        using var scope = torch.NewDisposeScope();
        var a = new PairSampler(_union.All, seed: 7);
        var b = new PairSampler(_union.All, seed: 7);
        var c = new PairSampler(_union.All, seed: 8);

        for (int round = 0; round < 3; round++)
        {
            var (a1, a2, at) = a.Sample(32);
            var (b1, b2, bt) = b.Sample(32);
            torch.allclose(a1, b1).Should().BeTrue();
            torch.allclose(a2, b2).Should().BeTrue();
            torch.allclose(at, bt).Should().BeTrue();
        }
        c.SampleIndices(32).First.Should().NotEqual(new PairSampler(_union.All, seed: 7).SampleIndices(32).First);
    }

    [Fact]
    public void Sampled_pixels_are_the_dataset_images_of_the_sampled_indices()
    {
        using var scope = torch.NewDisposeScope();
        var pairs = new PairSampler(_union.All, seed: 9).SampleIndices(16);

        var (first, second, _) = new PairSampler(_union.All, seed: 9).Sample(16);

        torch.allclose(first, _union.Images(pairs.First)).Should().BeTrue();
        torch.allclose(second, _union.Images(pairs.Second)).Should().BeTrue();
    }

    [Fact]
    public void A_sampler_on_a_split_draws_only_from_that_split()
    {
        var (train, _) = ImageSplit.ByInstance(_union.All);
        var allowed = train.Indices.ToHashSet();
        var sampler = new PairSampler(train, seed: 4);

        var pairs = sampler.SampleIndices(256);

        pairs.First.Concat(pairs.Second).Should().OnlyContain(i => allowed.Contains(i));
    }

    [Fact]
    public void Odd_batches_and_views_without_negatives_are_refused()
    {
        var oneAlphabet = _union.All.Where(i => _union.ClassOf[i] == 0);
        var odd = () => new PairSampler(_union.All, seed: 0).SampleIndices(7);
        var noNegatives = () => new PairSampler(oneAlphabet, seed: 0);

        odd.Should().Throw<ArgumentOutOfRangeException>();
        noNegatives.Should().Throw<ArgumentException>().WithMessage("*two classes*");
    }
}
