using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace ArcNet.Modules;

/// <summary>
/// Full Context ARC's head as the paper has it (Shyam et al., 2017, section 4.2): a bidirectional LSTM (128 units each
/// way, a learned initial state, forget bias 1) reads h_T of every (support_k, query) pair of a support set as a
/// sequence, so each support's score can depend on all the others, and Linear(256, 1) + ELU scores each position.
/// </summary>
/// <remarks>
/// It reads h_T alone: the similarity logit that ends each relation and the support logits go unread (see
/// <see cref="FullContextHead"/>). State-dict keys: <c>lstm.*</c>, <c>h0</c>, <c>c0</c>, <c>score.*</c>.
/// </remarks>
public sealed class FullContextNetwork : FullContextHead
{
    [ComponentName(Name = "lstm")] private readonly LSTM _lstm;
    [ComponentName(Name = "h0")] private readonly Parameter _h0;
    [ComponentName(Name = "c0")] private readonly Parameter _c0;
    [ComponentName(Name = "score")] private readonly Linear _score;

    /// <summary>A freshly initialised head for representations of <paramref name="representationSize"/> units: the comparator's hidden size.</summary>
    public FullContextNetwork(int representationSize) : base(nameof(FullContextNetwork), representationSize)
    {
        (_lstm, _h0, _c0) = SupportSetLstm.Create(representationSize);
        _score = nn.Linear(2 * SupportSetLstm.Units, 1);
        RegisterComponents();
        OwnTensors.DetachFromDisposeScope(this);
    }

    /// <summary>Logits (B, K) of B support sets of K: relations (B, K, H + 1) and support logits (B, K, K), as <see cref="FullContextHead"/> says.</summary>
    public override Tensor forward(Tensor relations, Tensor supportLogits)
    {
        CheckInputs(relations, supportLogits);
        var sequence = SupportSetLstm.Read(_lstm, _h0, _c0, relations[.., .., ..^1]);        // (B, K, H) -> (B, K, 2U)
        return nn.functional.elu(_score.call(sequence).squeeze(-1), alpha: 1.0);              // (B, K)
    }

    internal override FullContextHead Fresh() => new FullContextNetwork(RepresentationSize);
}
