using ArcNet.Data;

namespace ArcNet.Omniglot;

/// <summary>The two small Omniglot background sets embedded in this sample (MIT licence, see Data/OMNIGLOT-LICENSE).</summary>
internal static class EmbeddedData
{
    private static readonly string[] Archives = { "omniglot/images_background_small1.zip", "omniglot/images_background_small2.zip" };

    internal static OmniglotDataset Load(int imageSize)
    {
        var assembly = typeof(EmbeddedData).Assembly;
        var streams = Archives.Select(name => (name, assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The embedded resource {name} is missing from the sample; rebuild it."))).ToList();
        try
        {
            return OmniglotDataset.Load(streams, imageSize);
        }
        finally
        {
            foreach (var (_, stream) in streams)
                stream.Dispose();
        }
    }
}
