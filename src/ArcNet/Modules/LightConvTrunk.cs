using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace ArcNet.Modules;

/// <summary>
/// ConvARC-lite's feature extractor, shared by both images: four blocks of conv3x3, batch norm, ReLU and 2 x 2
/// max-pooling (the Conv-4 embedding of prototypical networks). The controller attends over the maps after block
/// <c>attendedBlocks</c> (half the resolution per block); all four blocks continue to a flat embedding whose distances
/// are the metric evidence. (B, C_in, A, A) -> maps (B, C, A/2^k, A/2^k) and embedding (B, C * (A/16)^2).
/// </summary>
/// <remarks>
/// About a fiftieth of the paper's Wide ResNet's cost per image, so a CPU trains it jointly with the controller.
/// State-dict keys: <c>blocks.{b}.conv.weight</c> and <c>blocks.{b}.bn.*</c> for b = 0..3.
/// </remarks>
public sealed class LightConvTrunk : nn.Module<Tensor, (Tensor Maps, Tensor Embedding)>
{
    /// <summary>Blocks in the trunk, each halving the resolution.</summary>
    public const int Blocks = 4;

    private readonly int _attendedBlocks;

    [ComponentName(Name = "blocks")] private readonly ModuleList<Sequential> _blocks;

    /// <summary>A freshly initialised trunk.</summary>
    /// <param name="imageChannels">Channels of the input images.</param>
    /// <param name="channels">Channels of every block.</param>
    /// <param name="attendedBlocks">Blocks before the maps <c>forward</c> returns, 1 to <see cref="Blocks"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A count is out of range.</exception>
    public LightConvTrunk(int imageChannels, int channels, int attendedBlocks) : base(nameof(LightConvTrunk))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(imageChannels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        if (attendedBlocks is < 1 or > Blocks)
            throw new ArgumentOutOfRangeException(nameof(attendedBlocks), attendedBlocks, $"The attended maps come after 1 to {Blocks} blocks.");
        _attendedBlocks = attendedBlocks;
        _blocks = nn.ModuleList(Enumerable.Range(0, Blocks).Select(b => Block(b == 0 ? imageChannels : channels, channels)).ToArray());
        RegisterComponents();
    }

    /// <summary>Side of the maps after <paramref name="blocks"/> blocks, for images of side <paramref name="imageSize"/> (each pooling floors).</summary>
    internal static int MapSize(int imageSize, int blocks)
    {
        for (int b = 0; b < blocks; b++)
            imageSize /= 2;
        return imageSize;
    }

    /// <summary>The maps after the attended blocks (B, C, A/2^k, A/2^k) and the embedding after all four (B, C * (A/16)^2) of images (B, C_in, A, A).</summary>
    public override (Tensor Maps, Tensor Embedding) forward(Tensor images)
    {
        Tensor x = images, maps = images;
        for (int b = 0; b < Blocks; b++)
        {
            x = _blocks[b].call(x);                            // (B, C, A/2^(b+1), A/2^(b+1))
            if (b + 1 == _attendedBlocks)
                maps = x;
        }
        return (maps, x.flatten(1));                           // maps, (B, C * (A/16)^2)
    }

    // Conv-4's block is conv, batch norm, ReLU, pool. ReLU after the pooling is the same function (ReLU keeps order, so
    // it commutes with a maximum) with the same gradients, and it runs on a quarter of the numbers: the blocks are bound
    // by memory traffic, not arithmetic, at these sizes on a CPU.
    private static Sequential Block(int inChannels, int outChannels) => nn.Sequential(
        ("conv", nn.Conv2d(inChannels, outChannels, 3, padding: 1, bias: false)),
        ("bn", nn.BatchNorm2d(outChannels)),
        ("pool", nn.MaxPool2d(2)),
        ("relu", nn.ReLU()));
}
