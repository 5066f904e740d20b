using TorchSharp;
using TorchSharp.Utils;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ArcNet.Modules;

/// <summary>
/// The PyTorch port's similarity head (<see cref="SimilarityHeadKind.Mlp"/>): Linear(H, 64), ELU, Linear(64, 1);
/// (B, H) -> logits (B). The sigmoid is the caller's.
/// </summary>
public sealed class MlpHead : nn.Module<Tensor, Tensor>
{
    internal const int Width = 64;

    [ComponentName(Name = "hidden")]
    private readonly Linear _hidden;

    [ComponentName(Name = "score")]
    private readonly Linear _score;

    /// <summary>A freshly initialised head for hidden states of <paramref name="hiddenSize"/> units.</summary>
    public MlpHead(int hiddenSize) : base(nameof(MlpHead))
    {
        _hidden = nn.Linear(hiddenSize, Width);
        _score = nn.Linear(Width, 1);
        RegisterComponents();
    }

    /// <summary>Logits (B) for hidden states <paramref name="hidden"/> (B, H).</summary>
    public override Tensor forward(Tensor hidden) => _score.call(nn.functional.elu(_hidden.call(hidden), alpha: 1.0, inplace: false)).squeeze(-1);
}
