using static TorchSharp.torch;

namespace ArcNet.Benchmarks;

/// <summary>What the figures were measured on, and the process's memory as the kernel sees it.</summary>
internal static class Machine
{
    public static string Describe()
    {
        string cpu = "unknown";
        int physical = 0;
        try
        {
            var lines = File.ReadAllLines("/proc/cpuinfo");
            cpu = lines.FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? cpu;
            // Distinct (physical id, core id) pairs; falls back to logical CPUs when the kernel hides topology.
            var cores = new HashSet<string>();
            string physicalId = "0";
            foreach (var line in lines)
            {
                if (line.StartsWith("physical id", StringComparison.Ordinal)) physicalId = line.Split(':', 2)[1].Trim();
                if (line.StartsWith("core id", StringComparison.Ordinal)) cores.Add(physicalId + "/" + line.Split(':', 2)[1].Trim());
            }
            physical = cores.Count;
        }
        catch (IOException) { }

        return string.Join(Environment.NewLine,
            "ArcNet benchmarks",
            $"  cpu            : {cpu}",
            $"  logical cpus   : {Environment.ProcessorCount}" + (physical > 0 ? $" ({physical} physical cores by /proc/cpuinfo)" : ""),
            $"  torch threads  : get_num_threads() = {get_num_threads()}, interop = {get_num_interop_threads()}",
            $"  runtime        : .NET {Environment.Version}, TorchSharp {typeof(TorchSharp.torch).Assembly.GetName().Version}, LibTorch {__version__}",
            $"  load average   : {LoadAverage()} (1, 5, 15 min) at start",
            $"  time (UTC)     : {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss}");
    }

    public static string LoadAverage()
    {
        try
        {
            return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    /// <summary>(VmRSS, VmHWM) of this process in MB, from /proc/self/status.</summary>
    public static (double Rss, double Peak) Memory()
    {
        double rss = double.NaN, peak = double.NaN;
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) rss = Kilobytes(line) / 1024.0;
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal)) peak = Kilobytes(line) / 1024.0;
        }
        return (rss, peak);

        static double Kilobytes(string line) => double.Parse(line.Split(':', 2)[1].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
    }
}
