using ArcNet;

TorchRuntime.EnsureAvailable();
Console.WriteLine("ArcNet: TorchSharp native runtime loaded.");
