using ArcNet.OneShot;
using static TorchSharp.torch;

namespace ArcNet.Models.Omniglot;

/// <summary>
/// A pretrained comparator for handwritten characters and symbols drawn as ink on paper, and the Full Context ARC model
/// trained on it: ConvARC-lite, trained by the ArcNet sample's default recipe on 25 of the 30 alphabets of Omniglot's
/// background set, the five others held out to measure it (the package readme gives the command, the data and the
/// accuracy). Both travel inside this assembly, so loading needs neither training nor a download.
/// </summary>
/// <remarks>
/// It compares 32 x 32 gray images of dark ink on light paper (it inverts them, as it was trained); photographs and other
/// kinds of images are out of its experience, so train a comparator of your own for those (ArcNet's
/// <c>ArcTrainer</c>, or the sample's <c>train</c> command, which can also go on training this model on your symbols).
/// </remarks>
/// <example>
/// <code>
/// using var comparator = OmniglotModel.Load();
/// Console.WriteLine(comparator.Similarity("a.png", "b.png"));
/// </code>
/// </example>
public static class OmniglotModel
{
    private const string ComparatorResource = "ArcNet.Models.Omniglot.omniglot.arc";
    private const string ContextResource = "ArcNet.Models.Omniglot.omniglot.context";

    /// <summary>The pretrained comparator, on <paramref name="device"/> (the CPU when <c>null</c>). Dispose it when done.</summary>
    /// <exception cref="ArgumentException">The device cannot be used.</exception>
    /// <exception cref="InvalidOperationException">TorchSharp's native runtime cannot be loaded; the message names the cause and the fix.</exception>
    public static ArcComparator Load(Device? device = null)
    {
        using var stream = Resource(ComparatorResource);
        return ArcComparator.Load(stream, device);
    }

    /// <summary>
    /// The Full Context ARC model trained on the pretrained comparator, on <paramref name="device"/> (the CPU when
    /// <c>null</c>): give both to a <see cref="OneShotClassifier"/> to classify against a whole support set at once.
    /// Dispose it when done.
    /// </summary>
    /// <exception cref="ArgumentException">The device cannot be used.</exception>
    public static FullContextArc LoadContext(Device? device = null)
    {
        using var stream = Resource(ContextResource);
        return FullContextArc.Load(stream, device);
    }

    private static Stream Resource(string name) => typeof(OmniglotModel).Assembly.GetManifestResourceStream(name)
        ?? throw new InvalidOperationException($"The assembly {typeof(OmniglotModel).Assembly.GetName().Name} lacks its model '{name}'; it was built without it. Reinstall the ArcNet.Models.Omniglot package.");
}
