using ArcNet.Training;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace ArcNet.Modules;

/// <summary>
/// The paper's plain ARC: the controller glimpses the pixels of both images in turn, the verification head scores
/// its final state. Input dropout drops pixels while training. Trained on same/different pairs (<see cref="PairObjective"/>).
/// </summary>
internal sealed class PlainArc : ArcNetwork
{
    private readonly PlainArcOptions _options;

    [ComponentName(Name = "controller")] private readonly ArcController _controller;
    [ComponentName(Name = "head")] private readonly VerificationHead _head;

    internal PlainArc(PlainArcOptions options) : base(nameof(PlainArc))
    {
        _options = (PlainArcOptions)options.Validate();
        _controller = new ArcController(options, options.AttendedChannels);
        _head = new VerificationHead(options.HiddenSize);
        RegisterComponents();
    }

    public override PlainArcOptions Options => _options;

    private protected override ArcController ControllerModule => _controller;

    internal override Encoding Encode(Tensor images) => new(Attended(images));                    // (B, C, A, A)

    private protected override Tensor Logits(Tensor representation, Encoding first, Encoding second) => _head.call(representation);

    internal override ITrainingObjective Objective(ObjectiveSetup setup) => new PairObjective(this, setup);
}
