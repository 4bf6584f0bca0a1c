// The one executable: no verb (or `serve`) runs the web app, any other verb runs the command-line tool.
return await PassthroughWeb.Cli.CliApplication.RunAsync(args);
