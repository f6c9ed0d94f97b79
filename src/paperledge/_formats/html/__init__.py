"""_formats/html"""
