using TorchSharp;
using TorchSharp.Utils;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ArcNet.Modules;

/// <summary>
/// The paper's similarity head: one linear unit on h_T, (B, H) -> logits
/// (B). The sigmoid is the caller's, so the logits can go straight into binary_cross_entropy_with_logits.
/// </summary>
public sealed class VerificationHead : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "score")]
    private readonly Linear _score;

    /// <summary>A freshly initialised head for hidden states of <paramref name="hiddenSize"/> units.</summary>
    public VerificationHead(int hiddenSize) : base(nameof(VerificationHead))
    {
        _score = nn.Linear(hiddenSize, 1);
        RegisterComponents();
    }

    /// <summary>Logits (B) for hidden states <paramref name="hidden"/> (B, H).</summary>
    public override Tensor forward(Tensor hidden) => _score.call(hidden).squeeze(-1);
}
