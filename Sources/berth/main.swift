import BerthCommands

await BerthMain.run()
