using ArcNet.Data;
using ArcNet.Modules;
using ArcNet.Tests.Data;
using ArcNet.Training;
using FluentAssertions;
using Xunit;
using static TorchSharp.torch;

namespace ArcNet.Tests.Training;

[Collection(OmniglotCollection.Name)]
public sealed class FeatureCacheTests(OmniglotTestData data)
{
    [Fact]
    public void Without_augmentation_cached_features_give_the_encodings_and_scores_of_features_computed_on_the_fly()
    {
        using var scope = NewDisposeScope();
        var union = data.Union;
        var images = union.All.Where(i => union.ClassOf[i] < 15);
        images.Indices.Should().HaveCount(300, "more than one pass of the cache, so rows are found across passes");
        using var network = new ArcNetwork(TinyModels.Lite);
        using var cache = new FeatureCache(network, images, union.MeanPixel, new PairAugmentation(union.MeanPixel, strength: 0), views: 8, CPU, seed: 0);
        int[] first = [images.Indices[299], images.Indices[0], images.Indices[257], images.Indices[130]];
        int[] second = [images.Indices[3], images.Indices[298], images.Indices[256], images.Indices[255]];
        int[] firstView = new int[first.Length], secondView = new int[second.Length];

        cache.Views.Should().Be(1, "without augmentation there is one view to cache");
        network.eval();
        using var noGrad = no_grad();
        var cached = network.Attended(cache.Get(first, firstView));
        var fresh = network.Encode(union.Images(first, CPU, union.MeanPixel));

        cached.Maps.allclose(fresh.Maps, atol: 1e-6).Should().BeTrue();
        cached.Embedding!.allclose(fresh.Embedding!, atol: 1e-6).Should().BeTrue();
        network.Compare(cached, network.Attended(cache.Get(second, secondView)))
            .allclose(network.call(union.Images(first, CPU, union.MeanPixel), union.Images(second, CPU, union.MeanPixel)), atol: 1e-5).Should().BeTrue();
    }
}
