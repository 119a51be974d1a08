<?xml version="1.0" encoding="UTF-8"?>
<document><p>not a stylesheet</p></document>
