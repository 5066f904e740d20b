namespace ArcNet.Data;

/// <summary>
/// The standard ways to divide an image collection: by group (Omniglot's alphabet), so that one-shot evaluation meets
/// only unseen groups, and by instance (Omniglot's drawer), so that validation meets unseen images of the training
/// classes. Every split returns two disjoint views of the same dataset; no pixels are copied.
/// </summary>
public static class ImageSplit
{
    /// <summary>The share of each class's instances that validates: drawers 17..20 of Omniglot's 20, as in the ARC paper.</summary>
    public const double DefaultValidationShare = 0.2;

    /// <summary>Holds out the named groups.</summary>
    /// <param name="source">The view to divide.</param>
    /// <param name="heldOutGroups">Group names, exactly as in <see cref="ImageDataset.GroupNames"/>.</param>
    /// <returns>The images of the other groups, and those of the held-out ones.</returns>
    /// <exception cref="ArgumentException">A name is not a group of <paramref name="source"/>; the message names it.</exception>
    public static (ImageSubset Train, ImageSubset HeldOut) ByGroup(ImageSubset source, IEnumerable<string> heldOutGroups)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(heldOutGroups);
        var names = source.Dataset.GroupNames;
        if (names is [""])
            throw new ArgumentException(
                "The images have no groups (their class folders sit directly in the root), so there is no group to hold out; " +
                "put the classes in group folders (<group>/<class>/<image>), or hold out nothing.", nameof(heldOutGroups));
        var present = source.Groups.ToHashSet();
        var heldOut = new HashSet<int>();
        foreach (var name in heldOutGroups)
        {
            int index = IndexOf(names, name);
            if (index < 0 || !present.Contains(index))
                throw new ArgumentException(
                    $"Group '{name}' is not in this view; it has: {string.Join(", ", present.Order().Select(a => names[a]))}.",
                    nameof(heldOutGroups));
            heldOut.Add(index);
        }
        return Partition(source, i => heldOut.Contains(source.Dataset.GroupOf[i]));
    }

    /// <summary>Holds out the last <paramref name="count"/> groups of the view in ordinal name order.</summary>
    /// <param name="source">The view to divide.</param>
    /// <param name="count">How many groups to hold out, 1 ≤ count &lt; the number of groups in the view.</param>
    /// <returns>The images of the first groups, and those of the last <paramref name="count"/>.</returns>
    public static (ImageSubset Train, ImageSubset HeldOut) ByGroup(ImageSubset source, int count)
    {
        ArgumentNullException.ThrowIfNull(source);
        var groups = source.Groups;
        if (count < 1 || count >= groups.Count)
            throw new ArgumentOutOfRangeException(nameof(count), count,
                $"Hold out between 1 and {groups.Count - 1} of the view's {groups.Count} groups.");
        var names = groups.Skip(groups.Count - count).Select(a => source.Dataset.GroupNames[a]);
        return ByGroup(source, names);
    }

    /// <summary>
    /// Divides each class by instance: its last instances (<see cref="ImageDataset.InstanceOf"/>), a
    /// <paramref name="validationShare"/> of them rounded but at least two, validate, and the others train. A class of
    /// fewer than four instances trains whole, since it could not give a same-class pair to both parts.
    /// </summary>
    /// <param name="source">The view to divide.</param>
    /// <param name="validationShare">The share of each class's instances that validates, strictly between 0 and 1.</param>
    /// <returns>The training and validation images. Omniglot's characters, each drawn by drawers 1..20, keep drawers 1..16 for training at the default share.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The share is not strictly between 0 and 1.</exception>
    public static (ImageSubset Train, ImageSubset Validation) ByInstance(ImageSubset source, double validationShare = DefaultValidationShare)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (!(validationShare is > 0 and < 1))
            throw new ArgumentOutOfRangeException(nameof(validationShare), validationShare, "The validation share must be strictly between 0 and 1, such as 0.2.");
        var dataset = source.Dataset;
        var validating = new HashSet<(int Class, int Instance)>();
        foreach (var @class in source.Indices.GroupBy(i => dataset.ClassOf[i]))
        {
            var instances = @class.Select(i => dataset.InstanceOf[i]).Distinct().Order().ToArray();
            int held = instances.Length < 4 ? 0 : Math.Clamp((int)Math.Round(instances.Length * validationShare, MidpointRounding.AwayFromZero), 2, instances.Length - 2);
            foreach (int instance in instances[^held..])
                validating.Add((@class.Key, instance));
        }
        return Partition(source, i => validating.Contains((dataset.ClassOf[i], dataset.InstanceOf[i])));
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
