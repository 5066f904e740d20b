using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace ArcNet.Modules;

/// <summary>
/// ConvARC-lite's feature extractor, shared by both images: four blocks of conv3x3, batch norm, ReLU and 2 x 2
/// max-pooling (the Conv-4 embedding of prototypical networks). The controller attends over the maps after the
/// second block; the last two blocks continue to a flat embedding whose distances are the metric evidence.
/// (B, C_in, A, A) -> maps (B, C, A/4, A/4) and embedding (B, C * (A/16)^2).
/// </summary>
/// <remarks>
/// About a fiftieth of the paper's Wide ResNet's cost per image, so a CPU trains it jointly with the controller.
/// </remarks>
internal sealed class LightConvTrunk : nn.Module<Tensor, (Tensor Maps, Tensor Embedding)>
{
    [ComponentName(Name = "features")] private readonly Sequential _features;
    [ComponentName(Name = "embedding")] private readonly Sequential _embedding;

    internal LightConvTrunk(int imageChannels, int channels) : base(nameof(LightConvTrunk))
    {
        _features = nn.Sequential(Block(imageChannels, channels), Block(channels, channels));
        _embedding = nn.Sequential(Block(channels, channels), Block(channels, channels));
        RegisterComponents();
    }

    /// <summary>Side of the attended maps for images of side <paramref name="imageSize"/>.</summary>
    internal static int MapSize(int imageSize) => imageSize / 4;

    /// <summary>Length of the embedding for images of side <paramref name="imageSize"/> (each pooling floors).</summary>
    internal static int EmbeddingSize(int imageSize, int channels)
    {
        int side = imageSize / 2 / 2 / 2 / 2;
        return channels * side * side;
    }

    public override (Tensor Maps, Tensor Embedding) forward(Tensor images)
    {
        var maps = _features.call(images);                     // (B, C, A/4, A/4)
        var embedding = _embedding.call(maps).flatten(1);      // (B, C * (A/16)^2)
        return (maps, embedding);
    }

    private static Sequential Block(int inChannels, int outChannels) => nn.Sequential(
        ("conv", nn.Conv2d(inChannels, outChannels, 3, padding: 1, bias: false)),
        ("bn", nn.BatchNorm2d(outChannels)),
        ("relu", nn.ReLU()),
        ("pool", nn.MaxPool2d(2)));
}
