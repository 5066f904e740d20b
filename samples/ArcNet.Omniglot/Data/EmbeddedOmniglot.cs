using System.Reflection;
using ArcNet.Data;

namespace ArcNet.Omniglot.Data;

/// <summary>
/// The Omniglot background sets embedded in this sample (MIT licence, see OMNIGLOT-LICENSE), each with the alphabets it
/// holds out for one-shot evaluation. <see cref="Full"/> is the paper's training set and the default; <see cref="Minimal"/>
/// is Lake et al.'s pair of small sets, for the harder protocol of learning from five alphabets.
/// </summary>
internal static class EmbeddedOmniglot
{
    /// <summary>One embedded background set: its name on the command line, its archives, and the alphabets it holds out.</summary>
    internal sealed record Set(string Name, string Title, string[] Resources, string HeldOutList)
    {
        /// <summary>The held-out alphabets' names.</summary>
        internal string[] HeldOut => HeldOutList.Split(", ");
    }

    /// <summary>The alphabets the full set holds out, as help texts and the code both read them.</summary>
    internal const string FullHeldOut = "Balinese, Bengali, Cyrillic, Early_Aramaic, Syriac_(Estrangelo)";

    /// <summary>The alphabets the two small sets hold out.</summary>
    internal const string MinimalHeldOut = "Balinese, Early_Aramaic";

    /// <summary>The choices of <c>--background</c>, for the help texts of the commands that take it.</summary>
    internal const string Choices = "full (30 alphabets, the paper's training set; held out: " + FullHeldOut +
                                    ") or minimal (Lake et al.'s two small sets, 8 alphabets; held out: " + MinimalHeldOut + ")";

    /// <summary>
    /// The full background set: 30 alphabets, 964 characters, 19,280 drawings. Five alphabets of 22 to 46 characters,
    /// 148 characters of scripts of four families, are held out: enough for a 95 % interval of about ± 1 point on 1,000
    /// 20-way episodes, and 25 alphabets, 816 characters, still train.
    /// </summary>
    internal static readonly Set Full = new("full", "the full background set",
        ["omniglot/images_background.zip"], FullHeldOut);

    /// <summary>
    /// The two small background sets: 8 alphabets, 242 characters, 4,840 drawings. Their two smallest alphabets with 20
    /// or more characters are held out, and six alphabets train.
    /// </summary>
    internal static readonly Set Minimal = new("minimal", "the two small background sets",
        ["omniglot/images_background_small1.zip", "omniglot/images_background_small2.zip"], MinimalHeldOut);

    /// <summary>Every embedded set, the default first.</summary>
    internal static readonly IReadOnlyList<Set> All = [Full, Minimal];

    /// <summary>The set called <paramref name="name"/>; an <see cref="ArgumentException"/> naming the choices otherwise.</summary>
    internal static Set Named(string name) => Find(name) ?? throw new ArgumentException(Unknown(name));

    /// <summary>The set called <paramref name="name"/>, or null.</summary>
    internal static Set? Find(string name) => All.FirstOrDefault(s => s.Name == name);

    /// <summary>What a user who named no embedded set is told: the name and the choices.</summary>
    internal static string Unknown(string name) =>
        $"There is no embedded background set '{name}'; --background must be {string.Join(" or ", All.Select(s => s.Name))}.";

    /// <summary>Loads a set's archives as one dataset.</summary>
    internal static ImageDataset Load(Set set, ImagePreprocessing? preprocessing = null)
    {
        var assembly = Assembly.GetExecutingAssembly();
        var streams = set.Resources
            .Select(name => (name, assembly.GetManifestResourceStream(name)
                ?? throw new InvalidOperationException($"Embedded resource '{name}' is missing from {assembly.GetName().Name}.")))
            .ToList();
        try
        {
            return ImageDataset.Load(streams, preprocessing);
        }
        finally
        {
            foreach (var (_, stream) in streams)
                stream.Dispose();
        }
    }
}
