using TorchSharp;
using TorchSharp.Utils;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ArcNet.Modules;

/// <summary>Maps the controller's hidden state h (B, H) to glimpse parameters (y^, x^, d^) (B, 3).</summary>
internal sealed class GlimpseParameterMap : nn.Module<Tensor, Tensor>
{
    internal const double LinearInitStd = 0.01;

    private readonly bool _bounded;

    [ComponentName(Name = "linear")]
    private readonly Linear _linear;

    /// <param name="hiddenSize">Units of the hidden state.</param>
    /// <param name="bounded">The PyTorch port's tanh(W h + b) rather than the authors' bias-free W h (see <see cref="ArcOptions.BoundedWindow"/>).</param>
    internal GlimpseParameterMap(int hiddenSize, bool bounded) : base(nameof(GlimpseParameterMap))
    {
        _bounded = bounded;
        _linear = nn.Linear(hiddenSize, 3, hasBias: bounded);
        if (!bounded)
        {
            using var noGrad = no_grad();
            nn.init.normal_(_linear.weight!, 0, LinearInitStd);
        }
        RegisterComponents();
    }

    public override Tensor forward(Tensor hidden)
    {
        var parameters = _linear.call(hidden);
        return _bounded ? parameters.tanh() : parameters;
    }
}
