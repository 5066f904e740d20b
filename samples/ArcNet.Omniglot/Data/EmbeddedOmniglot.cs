using System.Reflection;
using ArcNet.Data;

namespace ArcNet.Omniglot.Data;

/// <summary>The two small Omniglot background sets embedded in this sample (MIT licence, see OMNIGLOT-LICENSE).</summary>
internal static class EmbeddedOmniglot
{
    internal static readonly string[] ResourceNames =
        ["omniglot/images_background_small1.zip", "omniglot/images_background_small2.zip"];

    /// <summary>Loads both sets as one dataset: 8 alphabets, 242 characters, 4840 images.</summary>
    internal static ImageDataset Load(ImagePreprocessing? preprocessing = null)
    {
        var assembly = Assembly.GetExecutingAssembly();
        var streams = ResourceNames
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
