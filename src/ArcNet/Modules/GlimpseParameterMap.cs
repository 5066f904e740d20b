using TorchSharp;
using TorchSharp.Utils;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ArcNet.Modules;

/// <summary>Maps the controller's hidden state h (B, H) to glimpse parameters (y^, x^, d^) (B, 3).</summary>
internal sealed class GlimpseParameterMap : nn.Module<Tensor, Tensor>
{
    internal const double LinearInitStd = 0.01;

    private readonly GlimpseParameterMapping _mapping;

    [ComponentName(Name = "linear")]
    private readonly Linear _linear;

    internal GlimpseParameterMap(int hiddenSize, GlimpseParameterMapping mapping) : base(nameof(GlimpseParameterMap))
    {
        _mapping = mapping;
        _linear = nn.Linear(hiddenSize, 3, hasBias: mapping == GlimpseParameterMapping.Tanh);
        if (mapping == GlimpseParameterMapping.Linear)
        {
            using var noGrad = no_grad();
            nn.init.normal_(_linear.weight!, 0, LinearInitStd);
        }
        RegisterComponents();
    }

    public override Tensor forward(Tensor hidden)
    {
        var parameters = _linear.call(hidden);
        return _mapping == GlimpseParameterMapping.Tanh ? parameters.tanh() : parameters;
    }
}
