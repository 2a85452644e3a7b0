import BerthCommands

BerthMain.main()
