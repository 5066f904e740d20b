using TorchSharp;
using TorchSharp.Utils;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ArcNet.Modules;

/// <summary>
/// A Wide ResNet basic block with pre-activation: BN, ReLU, conv3x3 (stride), BN, ReLU, dropout, conv3x3,
/// plus a shortcut that is a 1x1 convolution of the pre-activated input when the shape changes.
/// </summary>
internal sealed class PreActivationBlock : nn.Module<Tensor, Tensor>
{
    private readonly double _dropout;

    [ComponentName(Name = "bn1")] private readonly BatchNorm2d _bn1;
    [ComponentName(Name = "conv1")] private readonly Conv2d _conv1;
    [ComponentName(Name = "bn2")] private readonly BatchNorm2d _bn2;
    [ComponentName(Name = "conv2")] private readonly Conv2d _conv2;
    [ComponentName(Name = "shortcut")] private readonly Conv2d? _shortcut;

    internal PreActivationBlock(int inChannels, int outChannels, int stride, double dropout) : base(nameof(PreActivationBlock))
    {
        _dropout = dropout;
        _bn1 = nn.BatchNorm2d(inChannels);
        _conv1 = nn.Conv2d(inChannels, outChannels, 3, stride: stride, padding: 1, bias: false);
        _bn2 = nn.BatchNorm2d(outChannels);
        _conv2 = nn.Conv2d(outChannels, outChannels, 3, padding: 1, bias: false);
        if (inChannels != outChannels || stride != 1)
            _shortcut = nn.Conv2d(inChannels, outChannels, 1, stride: stride, bias: false);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        var activated = nn.functional.relu(_bn1.call(input));
        var shortcut = _shortcut is null ? input : _shortcut.call(activated);
        var x = nn.functional.relu(_bn2.call(_conv1.call(activated)));
        x = nn.functional.dropout(x, _dropout, training);
        return _conv2.call(x) + shortcut;
    }
}
