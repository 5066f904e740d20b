using TorchSharp;
using TorchSharp.Utils;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ArcNet.Modules;

/// <summary>
/// The authors' LSTM cell: one weight matrix over [input, h_prev] plus one bias, gate blocks ordered
/// [candidate, input, forget, output], no peepholes. TorchSharp's LSTMCell has two biases and the i, f, g, o
/// order, which would change both the parameter count and the initialisation, so ARC keeps its own.
/// </summary>
internal sealed class ArcLstmCell : nn.Module<Tensor, (Tensor Hidden, Tensor Cell), (Tensor Hidden, Tensor Cell)>
{
    internal const double ForgetBias = 0.2;

    private readonly int _hiddenSize;

    // (In + H, 4H): rows are [input; recurrent], column blocks [candidate | input | forget | output].
    [ComponentName(Name = "weight")]
    private readonly Parameter _weight;

    [ComponentName(Name = "bias")]
    private readonly Parameter _bias;

    internal ArcLstmCell(int inputSize, int hiddenSize) : base(nameof(ArcLstmCell))
    {
        _hiddenSize = hiddenSize;
        _weight = new Parameter(empty(inputSize + hiddenSize, 4 * hiddenSize));
        _bias = new Parameter(zeros(4 * hiddenSize));
        ResetParameters(inputSize);
        RegisterComponents();
        OwnTensors.DetachFromDisposeScope(this);
    }

    internal int HiddenSize => _hiddenSize;

    /// <summary>Each gate's input block and recurrent block orthogonal; biases 0 but the forget gate's 0.2.</summary>
    private void ResetParameters(int inputSize)
    {
        using var noGrad = no_grad();
        int h = _hiddenSize;
        for (int gate = 0; gate < 4; gate++)
        {
            using var inputBlock = nn.init.orthogonal_(empty(inputSize, h));
            using var recurrentBlock = nn.init.orthogonal_(empty(h, h));
            _weight[..inputSize, (gate * h)..((gate + 1) * h)].copy_(inputBlock);
            _weight[inputSize.., (gate * h)..((gate + 1) * h)].copy_(recurrentBlock);
        }
        _bias.zero_();
        _bias[(2 * h)..(3 * h)].fill_(ForgetBias);
    }

    public override (Tensor Hidden, Tensor Cell) forward(Tensor input, (Tensor Hidden, Tensor Cell) state)
    {
        int h = _hiddenSize;
        var gates = addmm(_bias, cat(new[] { input, state.Hidden }, 1), _weight, beta: 1, alpha: 1);   // (B, 4H)
        var candidate = gates[.., ..h].tanh();
        var sigmoids = gates[.., h..].sigmoid();                                      // (B, 3H): input, forget, output
        var cell = addcmul(sigmoids[.., h..(2 * h)] * state.Cell, sigmoids[.., ..h], candidate, 1.0);   // f * c + i * g
        var hidden = sigmoids[.., (2 * h)..] * cell.tanh();
        return (hidden, cell);
    }
}
