using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace ArcNet.Modules;

/// <summary>
/// Full Context ARC's head: a bidirectional LSTM (128 units each way, a learned initial state, forget bias 1) reads
/// what the comparator made of every (support_k, query) pair of a support set as a sequence, so each support's score
/// can depend on all the others. The paper's form reads h_T and scores each position with Linear(256, 1) + ELU:
/// (B, K, H) -> logits (B, K). The residual form reads h_T and the comparator's similarity logit, (B, K, H + 1), and
/// adds a correction, Linear(256, 1) initialised to zero, to that logit: it starts as the naive method and learns
/// only what the support set as a whole tells. The softmax over K is the caller's.
/// </summary>
/// <remarks>
/// This is the network <see cref="OneShot.FullContextArc"/> runs and saves. Feed the paper's form
/// <see cref="ArcNetwork.Represent(Tensor, Tensor)"/> of every (support, query) pair of an episode, shaped
/// (episodes, supports, H).
/// </remarks>
public sealed class FullContextNetwork : nn.Module<Tensor, Tensor>
{
    internal const int Units = 128;
    internal const double ForgetBias = 1.0;

    private readonly bool _residual;

    [ComponentName(Name = "lstm")] private readonly LSTM _lstm;
    [ComponentName(Name = "h0")] private readonly Parameter _h0;
    [ComponentName(Name = "c0")] private readonly Parameter _c0;
    [ComponentName(Name = "score")] private readonly Linear _score;

    /// <summary>A freshly initialised network for representations of <paramref name="representationSize"/> units: the comparator's hidden size.</summary>
    /// <param name="representationSize">The comparator's hidden size H.</param>
    /// <param name="residual">The residual form, reading (B, K, H + 1) and correcting the naive logit, rather than the paper's.</param>
    public FullContextNetwork(int representationSize, bool residual = false) : base(nameof(FullContextNetwork))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(representationSize, 1);
        _residual = residual;
        _lstm = nn.LSTM(representationSize + (residual ? 1 : 0), Units, bidirectional: true, batchFirst: true);
        // A learned initial state per direction, shared by every sequence.
        _h0 = new Parameter(zeros(2, 1, Units));
        _c0 = new Parameter(zeros(2, 1, Units));
        _score = nn.Linear(2 * Units, 1);
        using (no_grad())
        {
            // PyTorch's gate order is i, f, g, o; the two bias vectors add, so the forget bias lives in bias_ih alone.
            foreach (var (name, parameter) in _lstm.named_parameters())
            {
                if (!name.StartsWith("bias", StringComparison.Ordinal))
                    continue;
                parameter.zero_();
                if (name.StartsWith("bias_ih", StringComparison.Ordinal))
                    parameter[Units..(2 * Units)].fill_(ForgetBias);
            }
            if (residual)
            {
                _score.weight!.zero_();
                _score.bias!.zero_();
            }
        }
        RegisterComponents();
    }

    /// <summary>Whether this is the residual form, reading the similarity logit as the last feature.</summary>
    public bool Residual => _residual;

    /// <summary>
    /// Logits (B, K) for <paramref name="relations"/>: B sets of K representations each, (B, K, H), or with the
    /// residual form (B, K, H + 1), each representation followed by its pair's similarity logit.
    /// </summary>
    public override Tensor forward(Tensor relations)
    {
        long batch = relations.shape[0];
        var state = (_h0.expand(2, batch, Units).contiguous(), _c0.expand(2, batch, Units).contiguous());
        var (sequence, _, _) = _lstm.call(relations, state);                      // (B, K, 2U)
        var score = _score.call(sequence).squeeze(-1);                              // (B, K)
        return _residual ? relations[.., .., -1] + score : nn.functional.elu(score, alpha: 1.0, inplace: false);
    }
}
