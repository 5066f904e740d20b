using TorchSharp;
using TorchSharp.Utils;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ArcNet.Modules;

/// <summary>
/// ConvARC's feature extractor, shared by both images: conv3x3 C -> 16; four 32-channel blocks at full
/// resolution; one stride-2 block and five more 64-channel blocks at half resolution; final BN + ReLU.
/// (B, C, A, A) -> (B, 64, A/2, A/2). State-dict keys: <c>stem.weight</c>, <c>blocks.{i}.*</c> (bn1, conv1, bn2, conv2,
/// and a 1 x 1 <c>shortcut</c> where the shape changes), <c>bn.*</c>.
/// </summary>
public sealed class WideResNetTrunk : nn.Module<Tensor, Tensor>
{
    /// <summary>Channels of the maps it returns.</summary>
    public const int OutputChannels = 64;

    [ComponentName(Name = "stem")] private readonly Conv2d _stem;
    [ComponentName(Name = "blocks")] private readonly Sequential _blocks;
    [ComponentName(Name = "bn")] private readonly BatchNorm2d _bn;

    /// <summary>A freshly initialised trunk for images of <paramref name="imageChannels"/> channels, with <paramref name="dropout"/> inside its blocks while training.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public WideResNetTrunk(int imageChannels, double dropout) : base(nameof(WideResNetTrunk))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(imageChannels, 1);
        if (dropout is not (>= 0 and < 1))
            throw new ArgumentOutOfRangeException(nameof(dropout), dropout, "Dropout must be in [0, 1).");
        _stem = nn.Conv2d(imageChannels, 16, 3, padding: 1, bias: false);
        var blocks = new List<nn.Module<Tensor, Tensor>>
        {
            new PreActivationBlock(16, 32, 1, dropout),
        };
        for (int i = 0; i < 3; i++)
            blocks.Add(new PreActivationBlock(32, 32, 1, dropout));
        blocks.Add(new PreActivationBlock(32, OutputChannels, 2, dropout));
        for (int i = 0; i < 5; i++)
            blocks.Add(new PreActivationBlock(OutputChannels, OutputChannels, 1, dropout));
        _blocks = nn.Sequential(blocks);
        _bn = nn.BatchNorm2d(OutputChannels);
        RegisterComponents();
    }

    /// <summary>Feature maps (B, 64, A/2, A/2) of images (B, C, A, A).</summary>
    public override Tensor forward(Tensor images) => nn.functional.relu(_bn.call(_blocks.call(_stem.call(images))));
}
