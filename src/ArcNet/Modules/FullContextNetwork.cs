using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace ArcNet.Modules;

/// <summary>
/// Full Context ARC's head: a bidirectional LSTM (128 units each way, a learned initial state, forget bias 1) reads
/// what the comparator made of every (support_k, query) pair of a support set as a sequence, so each support's score
/// can depend on all the others. The paper's form reads h_T and scores each position with Linear(256, 1) + ELU:
/// (B, K, H) -> logits (B, K). Two additions, each optional, are read after h_T in this order:
/// <list type="bullet">
/// <item><b>support context</b>, <see cref="SupportContextFeatures"/> numbers per support from what the comparator makes
/// of the support set itself (<see cref="SupportContextOf"/>): a support that every other support resembles draws
/// queries of other classes too, and the head can discount it;</item>
/// <item><b>residual</b>: the comparator's similarity logit, last, to which a correction, Linear(256, 1) initialised to
/// zero, is added: the network starts as the naive method and learns only what the support set as a whole tells.</item>
/// </list>
/// The softmax over K is the caller's.
/// </summary>
/// <remarks>
/// This is the network <see cref="OneShot.FullContextArc"/> runs and saves. Feed it, shaped (episodes, supports, ...),
/// <see cref="ArcNetwork.Represent(Tensor, Tensor)"/> of every (support, query) pair, then the support context, then
/// the pair's similarity logit (the comparator's <c>call</c>), as the network's form asks.
/// </remarks>
public sealed class FullContextNetwork : nn.Module<Tensor, Tensor>
{
    internal const int Units = 128;
    internal const double ForgetBias = 1.0;

    /// <summary>How many numbers per support the support context adds: see <see cref="SupportContextOf"/>.</summary>
    public const int SupportContextFeatures = 4;

    private readonly bool _residual;
    private readonly bool _supportContext;
    private readonly int _features;

    [ComponentName(Name = "lstm")] private readonly LSTM _lstm;
    [ComponentName(Name = "h0")] private readonly Parameter _h0;
    [ComponentName(Name = "c0")] private readonly Parameter _c0;
    [ComponentName(Name = "score")] private readonly Linear _score;

    /// <summary>A freshly initialised network for representations of <paramref name="representationSize"/> units: the comparator's hidden size.</summary>
    /// <param name="representationSize">The comparator's hidden size H.</param>
    /// <param name="residual">Read the similarity logit last and correct it, rather than score from scratch as the paper does.</param>
    /// <param name="supportContext">Read <see cref="SupportContextFeatures"/> numbers of support context after h_T.</param>
    public FullContextNetwork(int representationSize, bool residual = false, bool supportContext = false) : base(nameof(FullContextNetwork))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(representationSize, 1);
        _residual = residual;
        _supportContext = supportContext;
        _features = representationSize + (supportContext ? SupportContextFeatures : 0) + (residual ? 1 : 0);
        _lstm = nn.LSTM(_features, Units, bidirectional: true, batchFirst: true);
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
        OwnTensors.DetachFromDisposeScope(this);
    }

    /// <summary>Whether this is the residual form, reading the similarity logit as the last feature.</summary>
    public bool Residual => _residual;

    /// <summary>Whether the network reads <see cref="SupportContextFeatures"/> numbers of support context after h_T.</summary>
    public bool SupportContext => _supportContext;

    /// <summary>
    /// Logits (B, K) for <paramref name="relations"/>: B sets of K supports each, (B, K, H [+ 4] [+ 1]): h_T, then the
    /// support context when <see cref="SupportContext"/>, then the similarity logit when <see cref="Residual"/>.
    /// </summary>
    public override Tensor forward(Tensor relations)
    {
        ArgumentNullException.ThrowIfNull(relations);
        if (relations.dim() != 3 || relations.shape[2] != _features)
            throw new ArgumentException(
                $"Expected relations (B, K, {_features}): h_T{(_supportContext ? $", {SupportContextFeatures} numbers of support context" : "")}{(_residual ? ", the similarity logit" : "")} " +
                $"for each of K supports; got [{string.Join(", ", relations.shape)}].", nameof(relations));
        long batch = relations.shape[0];
        var state = (_h0.expand(2, batch, Units).contiguous(), _c0.expand(2, batch, Units).contiguous());
        var (sequence, _, _) = _lstm.call(relations, state);                      // (B, K, 2U)
        var score = _score.call(sequence).squeeze(-1);                              // (B, K)
        return _residual ? relations[.., .., -1] + score : nn.functional.elu(score, alpha: 1.0, inplace: false);
    }

    /// <summary>
    /// The support context of support sets from the comparator's similarity logits among their own images,
    /// (..., K, K) with [j, k] the logit of the pair (support k, support j), to (..., K, 4): for each support k, the mean
    /// and the largest logit the other supports get against it, then the mean and the largest it gets against them.
    /// A set of one support has no others: its context is zero.
    /// </summary>
    public static Tensor SupportContextOf(Tensor supportLogits)
    {
        ArgumentNullException.ThrowIfNull(supportLogits);
        if (supportLogits.dim() < 2 || supportLogits.shape[^1] != supportLogits.shape[^2])
            throw new ArgumentException($"Expected square (..., K, K) logits among a support set's images, got [{string.Join(", ", supportLogits.shape)}].", nameof(supportLogits));
        using var scope = NewDisposeScope();
        long k = supportLogits.shape[^1];
        if (k < 2)
            return zeros([.. supportLogits.shape[..^1], SupportContextFeatures], supportLogits.dtype, supportLogits.device).MoveToOuterDisposeScope();
        var self = eye(k, dtype: ScalarType.Bool, device: supportLogits.device);
        var others = supportLogits.masked_fill(self, 0);
        var othersOrLowest = supportLogits.masked_fill(self, double.NegativeInfinity);
        return stack(new[]
        {
            others.sum(-2) / (k - 1), othersOrLowest.amax(new long[] { -2 }),    // what the others get against support k
            others.sum(-1) / (k - 1), othersOrLowest.amax(new long[] { -1 }),    // what support k gets against them
        }, -1).MoveToOuterDisposeScope();                                         // (..., K, 4)
    }
}
