namespace ArcNet.Data;

/// <summary>
/// The standard ways to divide Omniglot: by alphabet, so that one-shot evaluation meets only unseen
/// alphabets, and by drawer, so that validation meets unseen handwriting of the training characters.
/// Every split returns two disjoint views of the same dataset; no pixels are copied.
/// </summary>
public static class ImageSplit
{
    /// <summary>Drawers 1..16 train and 17..20 validate, as in the ARC paper.</summary>
    public const int DefaultLastTrainingInstance = 16;

    /// <summary>Holds out the named alphabets.</summary>
    /// <param name="source">The view to divide.</param>
    /// <param name="heldOutGroups">Alphabet names, exactly as in <see cref="ImageDataset.GroupNames"/>.</param>
    /// <returns>The images of the other alphabets, and those of the held-out ones.</returns>
    /// <exception cref="ArgumentException">A name is not an alphabet of <paramref name="source"/>; the message names it.</exception>
    public static (ImageSubset Train, ImageSubset HeldOut) ByGroup(ImageSubset source, IEnumerable<string> heldOutGroups)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(heldOutGroups);
        var names = source.Dataset.GroupNames;
        var present = source.Groups.ToHashSet();
        var heldOut = new HashSet<int>();
        foreach (var name in heldOutGroups)
        {
            int index = IndexOf(names, name);
            if (index < 0 || !present.Contains(index))
                throw new ArgumentException(
                    $"Alphabet '{name}' is not in this view; it has: {string.Join(", ", present.Order().Select(a => names[a]))}.",
                    nameof(heldOutGroups));
            heldOut.Add(index);
        }
        return Partition(source, i => heldOut.Contains(source.Dataset.GroupOf[i]));
    }

    /// <summary>Holds out the last <paramref name="count"/> alphabets of the view in ordinal name order.</summary>
    /// <param name="source">The view to divide.</param>
    /// <param name="count">How many alphabets to hold out, 1 ≤ count &lt; the number of alphabets in the view.</param>
    /// <returns>The images of the first alphabets, and those of the last <paramref name="count"/>.</returns>
    public static (ImageSubset Train, ImageSubset HeldOut) ByGroup(ImageSubset source, int count)
    {
        ArgumentNullException.ThrowIfNull(source);
        var alphabets = source.Groups;
        if (count < 1 || count >= alphabets.Count)
            throw new ArgumentOutOfRangeException(nameof(count), count,
                $"Hold out between 1 and {alphabets.Count - 1} of the view's {alphabets.Count} alphabets.");
        var names = alphabets.Skip(alphabets.Count - count).Select(a => source.Dataset.GroupNames[a]);
        return ByGroup(source, names);
    }

    /// <summary>Divides by drawer: drawers up to <paramref name="lastTrainingInstance"/> train, the later ones validate.</summary>
    /// <param name="source">The view to divide.</param>
    /// <param name="lastTrainingInstance">The last drawer number in the training part.</param>
    /// <returns>The training and validation images; in Omniglot, where every character has drawers 1..20, both hold every character.</returns>
    public static (ImageSubset Train, ImageSubset Validation) ByInstance(ImageSubset source, int lastTrainingInstance = DefaultLastTrainingInstance)
    {
        ArgumentNullException.ThrowIfNull(source);
        return Partition(source, i => source.Dataset.InstanceOf[i] > lastTrainingInstance);
    }

    private static (ImageSubset Kept, ImageSubset Taken) Partition(ImageSubset source, Func<int, bool> take) =>
        (source.Where(i => !take(i)), source.Where(take));

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (int i = 0; i < names.Count; i++)
            if (string.Equals(names[i], name, StringComparison.Ordinal))
                return i;
        return -1;
    }
}
