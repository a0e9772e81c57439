using FlagGrains.Load;
using FlagGrains.Load.Scenarios;

// One verb per scenario; run.sh calls them in order and turns their one-line results into the table.
var options = CommandLine.Parse(args.Skip(1));
return args.FirstOrDefault() switch
{
    "baseline" => await BaselineServer.RunAsync(options),
    "seed" => await Seeder.RunAsync(options),
    "propagation" => await PropagationScenario.RunAsync(options),
    "fanout" => await StreamFanOutScenario.RunAsync(options),
    "streams" => await StreamScaleScenario.RunAsync(options),
    "coldstart" => await ColdStartScenario.RunAsync(options),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: FlagGrains.Load baseline|seed|propagation|fanout|streams|coldstart --name value ...");
    return 64;
}
