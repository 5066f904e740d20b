using ArcNet.Training;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace ArcNet.Modules;

/// <summary>
/// The paper's ConvARC: a Wide ResNet turns each image into 64 feature maps at half resolution, the controller glimpses
/// those maps of both images in turn, and the verification head scores its final state. Trained on same/different
/// pairs (<see cref="PairObjective"/>).
/// </summary>
internal sealed class ConvArc : ArcNetwork
{
    private readonly ConvArcOptions _options;

    [ComponentName(Name = "trunk")] private readonly WideResNetTrunk _trunk;
    [ComponentName(Name = "controller")] private readonly ArcController _controller;
    [ComponentName(Name = "head")] private readonly VerificationHead _head;

    internal ConvArc(ConvArcOptions options) : base(nameof(ConvArc))
    {
        _options = (ConvArcOptions)options.Validate();
        _trunk = new WideResNetTrunk(options.ImageChannels, options.TrunkDropout);
        _controller = new ArcController(options, options.AttendedChannels);
        _head = new VerificationHead(options.HiddenSize);
        RegisterComponents();
    }

    public override ConvArcOptions Options => _options;

    private protected override ArcController ControllerModule => _controller;

    internal override Encoding Encode(Tensor images) => new(Attended(_trunk.call(images)));      // (B, 64, A/2, A/2)

    private protected override Tensor Logits(Tensor representation, Encoding first, Encoding second) => _head.call(representation);

    internal override ITrainingObjective Objective(ObjectiveSetup setup) => new PairObjective(this, setup);
}
