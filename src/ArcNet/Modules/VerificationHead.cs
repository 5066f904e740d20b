using TorchSharp;
using TorchSharp.Utils;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ArcNet.Modules;

/// <summary>The paper's head: one linear unit on h_T, (B, H) -> logits (B). The sigmoid is applied by the caller.</summary>
internal sealed class VerificationHead : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "score")]
    private readonly Linear _score;

    internal VerificationHead(int hiddenSize) : base(nameof(VerificationHead))
    {
        _score = nn.Linear(hiddenSize, 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor hidden) => _score.call(hidden).squeeze(-1);
}
